package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlvm.node.NodeException;

/**
 * A dpv's legs on the kernel: the LV, the two linears on it (layer 1, the swap point; layer 2,
 * what LIO holds open), and the LIO export through configfs. Every operation probes first and
 * does only what is missing, so it can be repeated after a lost reply or a crash at any point.
 */
final class LegExecutor {
    /** Every address of the dpv: the controller tells ihosts which one to use. */
    static final String PORTAL_IP = "0.0.0.0";
    static final int PORTAL_PORT = 3260;

    private final CommandRunner runner;
    private final Path root;
    private final LioConfigfs configfs;
    private final ConfigfsFiles files;
    private final ConfigfsApplier applier;
    private final DeviceZeroer zeroer = new DeviceZeroer();

    LegExecutor(CommandRunner runner, Path root, LioConfigfs configfs) {
        this(runner, root, configfs, new DirectConfigfsFiles());
    }

    LegExecutor(CommandRunner runner, Path root, LioConfigfs configfs, ConfigfsFiles files) {
        this.runner = runner;
        this.root = root;
        this.configfs = configfs;
        this.files = files;
        this.applier = new ConfigfsApplier(files);
    }

    /**
     * The LV (made only if missing), the new-leg ranges zeroed while the LV still carries
     * {@link LvmCommands#FRESH_TAG}, then both linears. An existing LV without the tag holds
     * data: after a dpv reboot only its linears are made again, its bytes are not touched.
     */
    void create(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException {
        try {
            String lv = KernelNames.legVolume(leg);
            List<Sizes.ByteRange> zeroRanges = Sizes.zeroRangesOfNewLeg(holdsMetadata);
            checkLegSize(bytes, zeroRanges);
            LogicalVolumeInfo volume = findVolume(vg, lv).orElse(null);
            if (volume == null) {
                run(LvmCommands.lvcreateCommand(vg, lv, bytes));
                volume = findVolume(vg, lv).orElseThrow(() -> new NodeException(
                        "lvm lvcreate made " + vg + "/" + lv + " but lvm lvs does not list it"));
            }
            if (volume.sizeBytes() != bytes) {
                throw new NodeException("LV " + vg + "/" + lv + " is " + volume.sizeBytes() + " bytes, but the leg is "
                        + bytes + " bytes: a leg of another size has this id (or the VG's extent size does not divide it)");
            }
            if (volume.deviceNumber().isEmpty()) {
                run(LvmCommands.lvchangeActivateCommand(vg, lv));
                volume = findVolume(vg, lv).filter(v -> v.deviceNumber().isPresent()).orElseThrow(() -> new NodeException(
                        "LV " + vg + "/" + lv + " is still not active after lvm lvchange -ay"));
            }
            if (volume.hasTag(LvmCommands.FRESH_TAG)) {
                if (volume.isOpen()) {
                    throw new NodeException("LV " + vg + "/" + lv + " still carries tag " + LvmCommands.FRESH_TAG
                            + " but is open: something uses a leg that was never finished; not zeroing it");
                }
                zeroer.zero(underRoot("/dev/" + vg + "/" + lv), zeroRanges);
                run(LvmCommands.lvchangeDropFreshTagCommand(vg, lv));
            }
            long sectors = Sizes.sectors(bytes);
            String swap = KernelNames.legSwapLinear(leg);
            Map<String, String> devices = deviceNumbers();
            if (ensureLinear(devices, swap, DmTables.linear(sectors, volume.deviceNumber().get(), 0))) {
                devices = deviceNumbers();
            }
            String swapNumber = Optional.ofNullable(devices.get(swap)).orElseThrow(() -> new NodeException(
                    "dmsetup created " + swap + " but dmsetup info does not list it"));
            ensureLinear(devices, KernelNames.legExportLinear(leg), DmTables.linear(sectors, swapNumber, 0));
        } catch (IllegalArgumentException e) {
            throw new NodeException(e.getMessage(), e);
        }
    }

    /**
     * Serves layer 2 to {@code initiatorIqn} alone. Any other initiator's ACL goes first: the
     * kernel ends that initiator's sessions with it, and the old and the new ihost never hold
     * the leg at the same time.
     */
    void export(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException {
        try {
            String exported = KernelNames.legExportLinear(leg);
            List<ConfigfsStep> steps = configfs.exportLeg(leg, KernelNames.devicePath(exported), PORTAL_IP, PORTAL_PORT,
                    initiatorIqn, chapUser, chapPassword);
            if (!deviceNumbers().containsKey(exported)) {
                throw new NodeException("leg " + leg + " has no device " + exported + " to export: create the leg first");
            }
            for (String other : subdirectories(configfs.aclsDir(leg))) {
                if (!other.equals(initiatorIqn)) {
                    applier.tearDown(configfs.removeAcl(leg, other));
                }
            }
            applier.build(steps);
        } catch (IllegalArgumentException e) {
            throw new NodeException(e.getMessage(), e);
        }
    }

    /** The target and the backstore, with whatever portals and ACLs the target has; an absent target is done. */
    void unexport(String leg) throws NodeException {
        try {
            applier.tearDown(configfs.unexportLeg(leg, subdirectories(configfs.portalsDir(leg)),
                    subdirectories(configfs.aclsDir(leg))));
        } catch (IllegalArgumentException e) {
            throw new NodeException(e.getMessage(), e);
        }
    }

    /** The legs' LVs in {@code vg} and every leg target with the initiators of its ACLs. */
    org.dlvm.node.NodeHoldings.Dpv holdings(String vg) throws NodeException {
        if (!LvmCommands.isValidVgName(vg)) {
            throw new NodeException("invalid volume group name '" + vg + "'");
        }
        List<String> volumes = LvmCommands.dlvmLegVolumes(LvmCommands.parseLvs(run(LvmCommands.lvsCommand(vg)).stdout()))
                .stream().map(v -> KernelNames.legOfVolume(v.name()).orElseThrow()).sorted().toList();
        Map<String, List<String>> exports = new java.util.TreeMap<>();
        for (String target : subdirectories(configfs.targetsDir())) {
            Optional<String> leg = KernelNames.legOfTargetIqn(target);
            if (leg.isPresent()) {
                exports.put(leg.get(), subdirectories(configfs.aclsDir(leg.get())).stream().sorted().toList());
            }
        }
        return new org.dlvm.node.NodeHoldings.Dpv(volumes, exports);
    }

    /** From the top down: the export, layer 2, layer 1, the LV. What is absent is done. */
    void delete(String vg, String leg) throws NodeException {
        try {
            String lv = KernelNames.legVolume(leg);
            if (!LvmCommands.isValidVgName(vg)) {
                throw new NodeException("invalid volume group name '" + vg + "'");
            }
            unexport(leg);
            Map<String, String> devices = deviceNumbers();
            for (String linear : List.of(KernelNames.legExportLinear(leg), KernelNames.legSwapLinear(leg))) {
                if (devices.containsKey(linear)) {
                    run(DmsetupCommands.remove(linear));
                }
            }
            if (findVolume(vg, lv).isPresent()) {
                run(LvmCommands.lvremoveCommand(vg, lv));
            }
        } catch (IllegalArgumentException e) {
            throw new NodeException(e.getMessage(), e);
        }
    }

    /**
     * Creates the device if it is missing and returns true; a present one must already have
     * {@code table}. Another table there (layer 1 reloaded for a copy, a leftover of another
     * size) is reported, never replaced.
     */
    private boolean ensureLinear(Map<String, String> devices, String name, String table) throws NodeException {
        if (!devices.containsKey(name)) {
            run(DmsetupCommands.create(name, table));
            return true;
        }
        String loaded = run(DmsetupCommands.table(name)).stdout().strip();
        if (!loaded.equals(table)) {
            throw new NodeException("dm device " + name + " exists with table '" + loaded + "', not '" + table
                    + "': left as it is");
        }
        return false;
    }

    private static void checkLegSize(long bytes, List<Sizes.ByteRange> zeroRanges) {
        long needed = zeroRanges.stream().mapToLong(r -> r.offset() + r.length()).max().orElse(0);
        if (bytes % Sizes.SECTOR_BYTES != 0 || bytes <= needed) {
            throw new IllegalArgumentException("a leg of " + bytes + " bytes: must be a multiple of "
                    + Sizes.SECTOR_BYTES + " larger than " + needed);
        }
    }

    private Optional<LogicalVolumeInfo> findVolume(String vg, String lv) throws NodeException {
        return LvmCommands.parseLvs(run(LvmCommands.lvsCommand(vg)).stdout()).stream()
                .filter(v -> v.name().equals(lv))
                .findFirst();
    }

    private Map<String, String> deviceNumbers() throws NodeException {
        return DmsetupCommands.parseDeviceNumbers(run(DmsetupCommands.deviceNumbers()).stdout());
    }

    private List<String> subdirectories(String dir) throws NodeException {
        try {
            return files.subdirectories(Path.of(dir));
        } catch (IOException e) {
            throw new NodeException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private CommandResult run(List<String> command) throws NodeException {
        CommandResult result = runner.run(command);
        if (!result.succeeded()) {
            throw new NodeException(result.failureMessage());
        }
        return result;
    }

    private Path underRoot(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
