package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.NodeHoldings;
import org.dlvm.node.PoolUsage;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.api.DlvLayout;

/**
 * The real node: LVM, device-mapper, LIO and open-iscsi. Files are read below {@code root} and
 * commands found in {@code commandDirs} so that tests can stage a fake machine in a directory.
 */
public final class LinuxNodeDriver implements NodeDriver {
    /** Long enough for LVM to scan many disks, short enough that a hung device does not stall an agent for good. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    static final Map<String, String> REQUIRED_MODULES = orderedMap(
            "dm_mod", "device-mapper",
            "dm_thin_pool", "device-mapper thin provisioning",
            "target_core_mod", "LIO",
            "iscsi_target_mod", "LIO iSCSI target",
            "iscsi_tcp", "open-iscsi initiator transport");
    static final List<String> REQUIRED_COMMANDS = List.of("lvm", "dmsetup", "iscsiadm");

    private final CommandRunner runner;
    private final Path root;
    private final List<Path> commandDirs;
    private final LegExecutor legs;
    private final DlvAssembler dlvs;

    public LinuxNodeDriver(CommandRunner runner, Path root, List<Path> commandDirs) {
        this.runner = runner;
        this.root = root;
        this.commandDirs = List.copyOf(commandDirs);
        this.legs = new LegExecutor(runner, root,
                new LioConfigfs(root.resolve(LioConfigfs.DEFAULT_ROOT.substring(1)).toString()));
        this.dlvs = new DlvAssembler(runner, root);
    }

    public static LinuxNodeDriver forThisMachine() {
        List<Path> dirs = CommandSearch.searchDirs(System.getenv("PATH"));
        return new LinuxNodeDriver(new ProcessCommandRunner(dirs, COMMAND_TIMEOUT), Path.of("/"), dirs);
    }

    @Override
    public VolumeGroupInfo volumeGroup(String vg) throws NodeException {
        if (!LvmCommands.isValidVgName(vg)) {
            throw new NodeException("invalid volume group name '" + vg + "': check dpv.vg in etc/org.dlvm.node.cfg");
        }
        CommandResult result = runner.run(LvmCommands.vgsCommand(vg));
        if (!result.succeeded()) {
            throw new NodeException(result.failureMessage());
        }
        return LvmCommands.parseVgs(result.stdout()).stream()
                .filter(g -> g.name().equals(vg))
                .findFirst()
                .orElseThrow(() -> new NodeException("lvm vgs did not report volume group '" + vg + "'"));
    }

    @Override
    public String initiatorIqn() throws NodeException {
        Path file = underRoot(InitiatorNameFile.PATH);
        try {
            return InitiatorNameFile.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new NodeException("no " + InitiatorNameFile.PATH + ": install open-iscsi", e);
        } catch (IOException e) {
            throw new NodeException("cannot read " + InitiatorNameFile.PATH + ": " + e, e);
        }
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> loaded = KernelModules.loaded(readOrEmpty(underRoot("/proc/modules")));
        String release = readOrEmpty(underRoot("/proc/sys/kernel/osrelease")).trim();
        Set<String> installable = KernelModules.installable(
                readOrEmpty(underRoot("/lib/modules/" + release + "/modules.dep")) + "\n"
                        + readOrEmpty(underRoot("/lib/modules/" + release + "/modules.builtin")));
        REQUIRED_MODULES.forEach((module, description) -> {
            // built-in modules are absent from /proc/modules but present in /sys/module
            boolean isLoaded = loaded.contains(module) || Files.isDirectory(underRoot("/sys/module/" + module));
            KernelModules.problem(module, description, isLoaded, installable.contains(module), release)
                    .ifPresent(problems::add);
        });
        for (String command : REQUIRED_COMMANDS) {
            if (CommandSearch.find(command, commandDirs).isEmpty()) {
                problems.add(CommandPackages.notFoundMessage(command));
            }
        }
        return problems;
    }

    @Override
    public String kind() {
        return KIND_LINUX;
    }

    @Override
    public void createLeg(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException {
        legs.create(vg, leg, bytes, holdsMetadata);
    }

    @Override
    public void exportLeg(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException {
        legs.export(leg, initiatorIqn, chapUser, chapPassword);
    }

    @Override
    public void unexportLeg(String leg) throws NodeException {
        legs.unexport(leg);
    }

    @Override
    public void deleteLeg(String vg, String leg) throws NodeException {
        legs.delete(vg, leg);
    }

    @Override
    public NodeHoldings.Dpv dpvHoldings(String vg) throws NodeException {
        return legs.holdings(vg);
    }

    @Override
    public NodeHoldings.Ihost ihostHoldings() throws NodeException {
        return dlvs.holdings();
    }

    @Override
    public void tearDown(String dlvPart, List<String> legs) throws NodeException {
        dlvs.tearDown(dlvPart, legs);
    }

    @Override
    public AssembledDlv assembleDlv(DlvLayout layout) throws NodeException {
        return dlvs.assemble(layout);
    }

    @Override
    public AssembledDlv growDlv(DlvLayout layout) throws NodeException {
        return dlvs.grow(layout);
    }

    @Override
    public void disassembleDlv(DlvLayout layout) throws NodeException {
        dlvs.disassemble(layout);
    }

    @Override
    public long createSnapshot(DlvLayout layout, long thinId, long originId) throws NodeException {
        return dlvs.createSnapshot(layout, thinId, originId);
    }

    @Override
    public long deleteSnapshot(DlvLayout layout, long thinId) throws NodeException {
        return dlvs.deleteSnapshot(layout, thinId);
    }

    @Override
    public long copySnapshot(DlvLayout source, long thinId, DlvLayout target, org.dlvm.node.CopyProgress progress)
            throws NodeException {
        return dlvs.copySnapshot(source, thinId, target, progress);
    }

    @Override
    public List<PoolUsage> poolUsage(DlvLayout layout) throws NodeException {
        List<PoolUsage> usage = new ArrayList<>();
        for (DlvLayout.Member member : layout.members()) {
            CommandResult result = runner.run(DmsetupCommands.status(KernelNames.pool(layout.dlv(), member.index())));
            if (!result.succeeded()) {
                throw new NodeException(result.failureMessage());
            }
            DmStatus.ThinPoolStatus pool = DmStatus.parseThinPool(result.stdout().trim());
            if (!pool.reportsUsage()) {
                throw new NodeException("thin pool of stripe " + member.index() + " of dlv " + layout.dlv() + " has failed ("
                        + pool.mode() + "): " + result.stdout().trim());
            }
            usage.add(new PoolUsage(member.index(), pool.usedDataBlocks(), pool.totalDataBlocks()));
        }
        return usage;
    }

    @Override
    public List<org.dlvm.api.DlvState> dlvStates(List<DlvLayout> layouts) throws NodeException {
        return dlvs.mirrorStates(layouts);
    }

    private Path underRoot(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
