package org.dlvm.node.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.dlvm.api.DlvLayout;
import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeException;
import org.dlvm.node.linux.DlvStackPlan.MemberPlan;
import org.dlvm.node.linux.DlvStackPlan.MirrorPlan;
import org.dlvm.node.linux.DmStatus.ThinPoolStatus;
import org.dlvm.node.linux.DmStatus.RaidStatus;
import org.dlvm.node.linux.KernelTableForm.Comparison;
import org.dlvm.node.linux.LegLogins.LegDisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ihost's dlv stacks on the kernel: open-iscsi, dm-raid, thin-pool, thin, striped
 * (docs/DATAPATH.md). Every operation reads the kernel's state first and does only what is
 * missing, so a request repeated after a lost reply or a crash finishes the work or finds it done.
 *
 * <p>A device that exists is compared with its computed table in the kernel's form (devices as
 * {@code major:minor}, see {@link KernelTableForm}). Assembly never changes a live table: a
 * different one fails, naming both, because it means a layout this ihost did not expect. Growing
 * reloads a device only when its new table is the live one made longer. A mirror is taken as it
 * runs whatever its start-up options and missing legs, and takes back a leg of its layout whose
 * disk works again (see {@code rejoin}).
 *
 * <p>The user's device is striped even over one member: its table then keeps one shape, and
 * growing it is the same reload.
 */
final class DlvAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(DlvAssembler.class);
    /** How long a logged-in leg's disk may take to appear (the LUN scan runs after the login returns). */
    static final Duration DISK_WAIT = Duration.ofSeconds(10);

    private static final Pattern MIRROR_SUFFIX = Pattern.compile("^(meta|data)[0-9]+$");
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("^snap[0-9]+$");
    private static final Pattern RAID_PART_SUFFIX = Pattern.compile("^(meta|data)[0-9]+-r[md][0-9]+$");
    /** errno texts dmsetup prints for a message whose work an earlier, interrupted request already did. */
    private static final String ALREADY_EXISTS = "File exists";
    private static final String NO_SUCH_THIN = "No data available";

    private final DmDevices dm;
    private final LegLogins logins;
    private final KernelTableForm.DeviceNumbers numbers;
    private final CommandRunner runner;
    private final Path root;

    DlvAssembler(CommandRunner runner, Path root) {
        this(runner, root, DISK_WAIT);
    }

    DlvAssembler(CommandRunner runner, Path root, Duration diskWait) {
        this.dm = new DmDevices(runner, root);
        this.logins = new LegLogins(runner, root, diskWait);
        this.numbers = new BlockDeviceNumbers(root);
        this.runner = runner;
        this.root = root;
    }

    AssembledDlv assemble(DlvLayout layout) throws NodeException {
        return build(new DlvStackPlan(layout), false);
    }

    /**
     * What the kernel says of these dlvs' mirrors ({@link MirrorProbe}): the raid devices' status
     * in one command, the linear ones' only when a layout has a one-leg mirror.
     */
    List<org.dlvm.api.DlvState> mirrorStates(List<DlvLayout> layouts) throws NodeException {
        if (layouts.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> statuses = new LinkedHashMap<>(dm.raidStatuses());
        if (MirrorProbe.hasUnmirrored(layouts)) {
            statuses.putAll(dm.linearStatuses());
        }
        return MirrorProbe.states(layouts, statuses);
    }

    /**
     * Each layer is grown on its own, bottom up (new mirrors, pool metadata and data, pool, thin,
     * user device): loaded, suspended, resumed at once. Nothing above is ever larger than what lies
     * beneath it, only one device is suspended at a time, and the dlv stays in use throughout.
     */
    AssembledDlv grow(DlvLayout layout) throws NodeException {
        DlvStackPlan plan = new DlvStackPlan(layout);
        if (!dm.names().contains(plan.userDevice())) {
            throw new NodeException("dlv " + layout.dlv() + " is not assembled on this ihost (no "
                    + plan.userDevice() + "): assemble it before growing it");
        }
        return build(plan, true);
    }

    /**
     * Devices from the top down (every dm device of this dlv that exists, whether the layout names
     * it or not), then every leg of the layout logged out and its node record deleted, and the
     * legs a repair replaced if their sessions are still there.
     */
    void disassemble(DlvLayout layout) throws NodeException {
        removeDevices(KernelNames.dlvPart(layout.dlv()));
        for (DlvLayout.Member member : layout.members()) {
            for (DlvLayout.Mirror mirror : mirrorsOf(member)) {
                for (DlvLayout.Leg leg : mirror.legs()) {
                    logins.detach(leg);
                    if (leg.replaces() != null) {
                        logins.detachReplaced(leg.replaces());
                    }
                }
            }
        }
    }

    /** A stack without its layout (see {@link org.dlvm.node.NodeDriver#tearDown}). */
    void tearDown(String dlvPart, List<String> legs) throws NodeException {
        if (dlvPart != null && !KernelNames.isValidDlvName(dlvPart)) {
            throw new NodeException("'" + dlvPart + "' is not the part of a dlv's device names");
        }
        for (String leg : legs) {
            if (!KernelNames.isValidLegId(leg)) {
                throw new NodeException("invalid leg id '" + leg + "': nothing was torn down");
            }
        }
        if (dlvPart != null) {
            removeDevices(dlvPart);
        }
        for (String leg : legs) {
            logins.detachReplaced(leg);
        }
    }

    /** Every device of the stack, the layout's or not, from the top down. */
    private void removeDevices(String dlvPart) throws NodeException {
        List<String> ours = new ArrayList<>(dm.names().stream().filter(n -> KernelNames.belongsToPart(n, dlvPart))
                .toList());
        ours.sort(Comparator.comparingInt(n -> teardownRank(n, dlvPart)));
        for (String name : ours) {
            dm.remove(name);
        }
    }

    /** The dlvs with a stack here, and the legs this ihost has sessions to. */
    org.dlvm.node.NodeHoldings.Ihost holdings() throws NodeException {
        java.util.Set<String> parts = new java.util.TreeSet<>();
        for (String name : dm.names()) {
            KernelNames.stackPartOf(name).ifPresent(parts::add);
        }
        return new org.dlvm.node.NodeHoldings.Ihost(List.copyOf(parts), logins.sessionLegs());
    }

    /**
     * A crash-consistent snapshot in every pool: the user's device suspended (which flushes and
     * freezes what is above it), then each thin (the kernel wants an active origin suspended for
     * {@code create_snap}), the messages, and everything resumed whatever happened.
     */
    long createSnapshot(DlvLayout layout, long thinId, long originId) throws NodeException {
        DlvStackPlan plan = new DlvStackPlan(layout);
        String message = messageOrFail(() -> ThinPoolMessages.createSnap(thinId, originId));
        long t = layout.transactionId();
        requireAssembled(plan);
        if (poolsAtOrPast(plan, t)) {
            return t + 1;
        }
        List<String> suspended = new ArrayList<>();
        NodeException failure = null;
        try {
            dm.suspend(plan.userDevice());
            suspended.add(plan.userDevice());
            for (MemberPlan member : plan.members()) {
                dm.suspend(member.thin());
                suspended.add(member.thin());
            }
            for (MemberPlan member : plan.members()) {
                advanceTransaction(member.pool(), t, message, ALREADY_EXISTS);
            }
        } catch (NodeException e) {
            failure = e;
        } finally {
            // thins before the user's device: its flush on resume must find them live
            List<String> order = new ArrayList<>(suspended.subList(Math.min(1, suspended.size()), suspended.size()));
            if (!suspended.isEmpty()) {
                order.add(suspended.get(0));
            }
            for (String name : order) {
                try {
                    dm.resume(name);
                } catch (NodeException e) {
                    failure = joined(failure, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return t + 1;
    }

    long deleteSnapshot(DlvLayout layout, long thinId) throws NodeException {
        DlvStackPlan plan = new DlvStackPlan(layout);
        if (thinId == layout.thinId()) {
            throw new NodeException("thin " + thinId + " is dlv " + layout.dlv() + "'s active thin: it cannot be deleted");
        }
        String message = messageOrFail(() -> ThinPoolMessages.delete(thinId));
        long t = layout.transactionId();
        requireAssembled(plan);
        if (!poolsAtOrPast(plan, t)) {
            for (MemberPlan member : plan.members()) {
                advanceTransaction(member.pool(), t, message, NO_SUCH_THIN);
            }
        }
        return t + 1;
    }

    // ---- copying ----------------------------------------------------------------------------

    /**
     * A clone's copy: what snapshot {@code thinId} of {@code source} holds, onto the same places
     * of {@code target}'s user device, both assembled here. Only the blocks the source's pools have
     * mapped for the snapshot are read ({@link ThinDump} of each pool's metadata snapshot); the rest
     * reads as zeros on both. The snapshot is read through devices of its own (a thin per member on
     * the source's pools, striped as the source's user device), removed again however the copy ends.
     * Answers the bytes copied.
     */
    long copySnapshot(DlvLayout source, long thinId, DlvLayout target, org.dlvm.node.CopyProgress progress)
            throws NodeException {
        DlvStackPlan from = new DlvStackPlan(source);
        DlvStackPlan to = new DlvStackPlan(target);
        if (target.sizeBytes() < source.sizeBytes()) {
            throw new NodeException("dlv " + target.dlv() + " (" + target.sizeBytes() + " bytes) is smaller than its source "
                    + source.dlv() + " (" + source.sizeBytes() + " bytes)");
        }
        requireAssembled(from);
        requireAssembled(to);
        long totalSectors = Sizes.sectors(source.sizeBytes());
        long memberSectors = totalSectors / from.members().size();
        Set<String> live = dm.names();
        List<String> made = new ArrayList<>();
        NodeException failure = null;
        long copied = 0;
        try {
            List<String> thins = new ArrayList<>();
            List<java.util.BitSet> mapped = new ArrayList<>();
            for (MemberPlan member : from.members()) {
                String snap = KernelNames.snapshotThin(source.dlv(), member.index(), thinId);
                ensureMade(snap, DmTables.thin(memberSectors, KernelNames.devicePath(member.pool()), thinId), live, made);
                thins.add(KernelNames.devicePath(snap));
                mapped.add(mappedBlocks(member, thinId));
            }
            String device = KernelNames.snapshotDevice(source.dlv(), thinId);
            ensureMade(device, DmTables.striped(totalSectors, source.stripeChunkSectors(), thins), live, made);
            CopyPlan plan = CopyPlan.of(totalSectors, source.stripeChunkSectors(), source.thinBlockSectors(), mapped,
                    BlockCopier.BUFFER_BYTES / 512);
            LOG.info("dlv {}: copying {} bytes of snapshot thin {} of {} in {} ranges", target.dlv(), plan.bytes(), thinId,
                    source.dlv(), plan.ranges().size());
            BlockCopier.copy(underRoot(KernelNames.devicePath(device)), underRoot(KernelNames.devicePath(to.userDevice())),
                    plan, progress);
            copied = plan.bytes();
        } catch (NodeException e) {
            failure = e;
        } finally {
            // the striped device first: it holds the thins open; every one is tried
            java.util.Collections.reverse(made);
            for (String name : made) {
                try {
                    dm.remove(name);
                } catch (NodeException e) {
                    failure = joined(failure, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return copied;
    }

    /** The first failure of a step and its clean-ups, the later ones suppressed in it. */
    private static NodeException joined(NodeException first, NodeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** A device of the copy's own: made, or taken as it is when an earlier, interrupted copy left it with this table. */
    private void ensureMade(String name, String table, Set<String> live, List<String> made) throws NodeException {
        ensure(name, table, live, false);
        made.add(name);
    }

    /**
     * The snapshot's mapped blocks on one member, read from a metadata snapshot of the live pool.
     * A metadata snapshot an interrupted copy left behind is released first.
     */
    private java.util.BitSet mappedBlocks(MemberPlan member, long thinId) throws NodeException {
        String pool = member.pool();
        CommandResult reserved = dm.message(pool, ThinPoolMessages.reserveMetadataSnap());
        if (!reserved.succeeded() && reserved.stderr().contains("Device or resource busy")) {
            DmDevices.check(dm.message(pool, ThinPoolMessages.releaseMetadataSnap()));
            reserved = dm.message(pool, ThinPoolMessages.reserveMetadataSnap());
        }
        DmDevices.check(reserved);
        NodeException failure = null;
        java.util.BitSet mapped = null;
        try {
            CommandResult dump = runner.run(ThinDump.command(thinId, KernelNames.devicePath(member.poolMetadata())));
            mapped = ThinDump.mappedBlocks(DmDevices.check(dump).stdout(), thinId);
        } catch (NodeException e) {
            failure = e;
        } finally {
            CommandResult released = dm.message(pool, ThinPoolMessages.releaseMetadataSnap());
            if (!released.succeeded()) {
                failure = joined(failure, new NodeException(released.failureMessage()));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return mapped;
    }

    private Path underRoot(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    // ---- building ---------------------------------------------------------------------------

    private AssembledDlv build(DlvStackPlan plan, boolean growing) throws NodeException {
        DlvLayout layout = plan.layout();
        Set<String> live = dm.names();
        Map<String, LegDisk> disks = attachLegs(layout);
        checkMirrorsCanStart(plan, disks, live);
        List<String> missing = new ArrayList<>();
        long transaction = -1;
        RaidStatuses statuses = new RaidStatuses();
        for (MemberPlan member : plan.members()) {
            for (MirrorPlan mirror : member.mirrors()) {
                missing.addAll(ensureMirror(mirror, disks, live, statuses));
            }
            boolean metadataGrew = ensure(member.poolMetadata(), member.poolMetadataTable(), live, growing);
            ensure(member.poolData(), member.poolDataTable(), live, growing);
            if (!ensure(member.pool(), member.poolTable(), live, growing) && metadataGrew) {
                // the pool takes up a larger metadata device only when it resumes
                dm.reload(member.pool(), member.poolTable());
            }
            transaction = settleTransaction(member.pool(), layout);
            if (layout.revertToThinId() != null) {
                transaction = revertHead(member, layout, live);
            }
            ensure(member.thin(), member.thinTable(), live, growing);
        }
        ensure(plan.userDevice(), plan.userDeviceTable(), live, growing);
        return new AssembledDlv(KernelNames.devicePath(plan.userDevice()), transaction, missing);
    }

    private Map<String, LegDisk> attachLegs(DlvLayout layout) throws NodeException {
        LegLogins.Round round = logins.begin();
        Map<String, LegDisk> disks = new LinkedHashMap<>();
        for (DlvLayout.Member member : layout.members()) {
            for (DlvLayout.Mirror mirror : mirrorsOf(member)) {
                for (DlvLayout.Leg leg : mirror.legs()) {
                    disks.put(leg.leg(), round.attach(leg));
                }
            }
        }
        return disks;
    }

    /** Before anything is built: a mirror that does not run yet must be able to start. */
    private void checkMirrorsCanStart(DlvStackPlan plan, Map<String, LegDisk> disks, Set<String> live)
            throws NodeException {
        for (MemberPlan member : plan.members()) {
            for (MirrorPlan mirror : member.mirrors()) {
                if (live.contains(mirror.name())) {
                    continue;
                }
                List<LegDisk> missing = mirror.mirror().legs().stream().map(l -> disks.get(l.leg()))
                        .filter(LegDisk::isMissing).toList();
                if (missing.isEmpty()) {
                    continue;
                }
                String why = String.join("; ", missing.stream().map(d -> "leg " + d.leg() + ": " + d.whyMissing())
                        .toList());
                if (mirror.mirror().fresh()) {
                    throw new NodeException("mirror " + mirror.name() + " is new and must start with every leg in sync, "
                            + "but " + why);
                }
                if (missing.size() == mirror.mirror().legs().size()) {
                    throw new NodeException("mirror " + mirror.name() + " has no leg left: " + why);
                }
                // a repair's new leg holds nothing until its copy ends: the mirror cannot start on it alone
                if (mirror.mirror().legs().stream().allMatch(l -> l.replaces() != null || disks.get(l.leg()).isMissing())) {
                    throw new NodeException("mirror " + mirror.name() + " has only a leg still being rebuilt left: " + why);
                }
            }
        }
    }

    /** The mirror and its legs' parts; returns the legs it runs without. */
    private List<String> ensureMirror(MirrorPlan mirror, Map<String, LegDisk> disks, Set<String> live,
            RaidStatuses statuses) throws NodeException {
        if (!mirror.mirrored()) {
            ensureUnmirrored(mirror, disks.get(mirror.mirror().legs().get(0).leg()), live);
            return List.of();
        }
        List<DlvLayout.Leg> legs = mirror.mirror().legs();
        List<String> missing = new ArrayList<>();
        if (live.contains(mirror.name())) {
            if (takeReplacement(mirror, disks, live)) {
                statuses.changed(mirror.name());
            }
            String current = KernelTableForm.clean(dm.table(mirror.name()));
            List<Integer> lacking = DmTables.parseRaid1(current).missingLegs();
            // compared on the legs both have: a returning leg's parts do not exist yet
            List<Boolean> present = new ArrayList<>();
            for (int j = 0; j < legs.size(); j++) {
                present.add(!disks.get(legs.get(j).leg()).isMissing() && !lacking.contains(j));
            }
            String computed = KernelTableForm.of(mirror.table(present), numbers);
            if (KernelTableForm.compare(current, computed) != Comparison.SAME) {
                throw differs(mirror.name(), current, mirror.table(present), computed);
            }
            List<Integer> absent = rejoin(mirror, lacking, disks, live, statuses);
            for (int j : absent) {
                missing.add(legs.get(j).leg());
            }
            return missing;
        }
        List<Boolean> present = new ArrayList<>();
        for (int j = 0; j < legs.size(); j++) {
            LegDisk disk = disks.get(legs.get(j).leg());
            present.add(!disk.isMissing());
            if (disk.isMissing()) {
                missing.add(disk.leg());
                continue;
            }
            ensure(mirror.metaPart(j), mirror.metaPartTable(disk.disk()), live, false);
            ensure(mirror.dataPart(j), mirror.dataPartTable(disk.disk()), live, false);
        }
        Integer rebuild = mirror.replacement(l -> !disks.get(l.leg()).isMissing());
        dm.create(mirror.name(), mirror.table(present, rebuild));
        live.add(mirror.name());
        letReplacedGo(mirror);
        return missing;
    }

    /**
     * A one-leg mirror: its linear device on the leg's disk. A running one whose table names
     * another disk is moved onto the leg's disk of this login (the leg's session was made again,
     * after its dpv rebooted, and the kernel gave it a new disk): the data is the same leg's.
     */
    private void ensureUnmirrored(MirrorPlan mirror, LegDisk disk, Set<String> live) throws NodeException {
        if (disk.isMissing()) {
            throw new NodeException("mirror " + mirror.name() + " has one leg (replicas 1) and cannot run without it: leg "
                    + disk.leg() + ": " + disk.whyMissing());
        }
        String table = mirror.linearTable(disk.disk());
        if (live.contains(mirror.name()) && !holds(mirror.name(), table, live)) {
            String current = KernelTableForm.clean(dm.table(mirror.name()));
            if (!current.trim().matches("0 " + mirror.lengthSectors() + " linear \\S+ " + Sizes.raidMetaPartSectors())) {
                throw differs(mirror.name(), current, table, KernelTableForm.of(table, numbers));
            }
            dm.reload(mirror.name(), table);
            LOG.info("mirror {} (one leg): on leg {}'s disk {} again", mirror.name(), disk.leg(), disk.disk());
            return;
        }
        ensure(mirror.name(), table, live, false);
    }

    /**
     * A repair put a new leg at a position of this running mirror: the mirror lets go of the
     * position's parts (a reload without them), the parts are made again on the new leg's disk,
     * and a reload with {@code rebuild} gives the position back, which copies the whole leg from
     * the others while the dlv stays in use. A mirror whose parts already lie on the new leg's
     * disk is left alone, so a later assembly never asks for the copy again. A new leg without its
     * disk waits: the mirror runs on without the position, as before. Answers whether the mirror
     * got new tables.
     */
    private boolean takeReplacement(MirrorPlan mirror, Map<String, LegDisk> disks, Set<String> live)
            throws NodeException {
        Integer j = mirror.replacement(l -> !disks.get(l.leg()).isMissing());
        if (j == null) {
            return false;
        }
        String disk = disks.get(mirror.mirror().legs().get(j).leg()).disk();
        List<Integer> lacking = DmTables.parseRaid1(KernelTableForm.clean(dm.table(mirror.name()))).missingLegs();
        if (!lacking.contains(j) && holds(mirror.dataPart(j), mirror.dataPartTable(disk), live)
                && holds(mirror.metaPart(j), mirror.metaPartTable(disk), live)) {
            letReplacedGo(mirror);
            return false;
        }
        List<Boolean> present = new ArrayList<>();
        for (int k = 0; k < mirror.mirror().legs().size(); k++) {
            present.add(!lacking.contains(k) && k != j);
        }
        if (!lacking.contains(j)) {
            dm.reload(mirror.name(), mirror.table(present));
        }
        for (String part : List.of(mirror.metaPart(j), mirror.dataPart(j))) {
            if (live.remove(part)) {
                dm.remove(part);
            }
        }
        ensure(mirror.metaPart(j), mirror.metaPartTable(disk), live, false);
        ensure(mirror.dataPart(j), mirror.dataPartTable(disk), live, false);
        present.set(j, true);
        dm.reload(mirror.name(), mirror.table(present, j));
        LOG.info("mirror {}: leg {} takes position {} in place of leg {}, rebuilt from the others", mirror.name(),
                mirror.mirror().legs().get(j).leg(), j, mirror.mirror().legs().get(j).replaces());
        letReplacedGo(mirror);
        return true;
    }

    private boolean holds(String part, String table, Set<String> live) throws NodeException {
        return live.contains(part) && KernelTableForm.compare(KernelTableForm.clean(dm.table(part)),
                KernelTableForm.of(table, numbers)) == Comparison.SAME;
    }

    /** The replaced legs' sessions end once no part lies on their disks (nothing if they are gone already). */
    private void letReplacedGo(MirrorPlan mirror) throws NodeException {
        for (DlvLayout.Leg leg : mirror.mirror().legs()) {
            if (leg.replaces() != null) {
                logins.detachReplaced(leg.replaces());
            }
        }
    }

    /** The raid devices' status, read once per assembly and only if a running mirror needs it. */
    private final class RaidStatuses {
        private Map<String, List<String>> lines;
        private final Set<String> changed = new java.util.HashSet<>();

        /** The mirror got a new table since the statuses were read: its status is read again. */
        void changed(String mirror) {
            changed.add(mirror);
        }

        RaidStatus of(String mirror) throws NodeException {
            if (changed.contains(mirror)) {
                return DmStatus.parseRaid(dm.status(mirror));
            }
            if (lines == null) {
                lines = dm.raidStatuses();
            }
            List<String> status = lines.get(mirror);
            if (status == null || status.size() != 1) {
                throw new NodeException("mirror " + mirror + " runs but dmsetup status --target raid shows "
                        + (status == null ? "nothing" : status.size() + " lines") + " for it");
            }
            return DmStatus.parseRaid(status.get(0));
        }
    }

    /**
     * A running mirror takes back the legs it lacks whose disks carry I/O again (after their dpv
     * came back and its exports were restored): one it runs without ({@code - -}) by a reload that
     * gives it its parts, one it failed by a refresh (see {@link DmDevices#refresh}). Neither asks
     * for {@code rebuild}: dm-raid resyncs what the write-intent bitmap marks, not the whole leg.
     * A kernel that refuses leaves the mirror running as it was and the legs out, as before; the
     * next assembly tries again. Answers the positions the table still lacks.
     */
    private List<Integer> rejoin(MirrorPlan mirror, List<Integer> lacking, Map<String, LegDisk> disks, Set<String> live,
            RaidStatuses statuses) throws NodeException {
        List<Integer> absent = lacking;
        List<DlvLayout.Leg> legs = mirror.mirror().legs();
        List<Integer> returning = absent.stream().filter(j -> logins.carriesIo(disks.get(legs.get(j).leg()))).toList();
        try {
            if (!returning.isEmpty()) {
                for (int j : returning) {
                    String disk = disks.get(legs.get(j).leg()).disk();
                    ensure(mirror.metaPart(j), mirror.metaPartTable(disk), live, false);
                    ensure(mirror.dataPart(j), mirror.dataPartTable(disk), live, false);
                }
                List<Boolean> present = new ArrayList<>();
                for (int j = 0; j < legs.size(); j++) {
                    present.add(!absent.contains(j) || returning.contains(j));
                }
                dm.reload(mirror.name(), mirror.table(present));
                LOG.info("mirror {}: legs {} are back in its table", mirror.name(), returning);
                absent = absent.stream().filter(j -> !returning.contains(j)).toList();
            }
            // after a reload, the new table's status: dm-raid loads a returning leg that the others'
            // superblocks record as failed as failed ('D'), and revives it only at a later resume
            RaidStatus status = returning.isEmpty() ? statuses.of(mirror.name())
                    : DmStatus.parseRaid(dm.status(mirror.name()));
            List<Integer> revivable = new ArrayList<>();
            for (int j = 0; j < legs.size() && j < status.legs().size(); j++) {
                if (status.legs().get(j) == DmStatus.LegHealth.DEAD && logins.carriesIo(disks.get(legs.get(j).leg()))) {
                    revivable.add(j);
                }
            }
            if (!revivable.isEmpty()) {
                dm.refresh(mirror.name());
                LOG.info("mirror {}: failed legs {} answer again, tried again", mirror.name(), revivable);
            }
        } catch (NodeException e) {
            LOG.warn("mirror {} keeps running as it was, its legs not taken back: {}", mirror.name(), e.getMessage());
        }
        return absent;
    }

    /** Creates the device, leaves it, or (growing) reloads it; returns whether a live device was reloaded. */
    private boolean ensure(String name, String table, Set<String> live, boolean growing) throws NodeException {
        if (!live.contains(name)) {
            dm.create(name, table);
            live.add(name);
            return false;
        }
        String current = KernelTableForm.clean(dm.table(name));
        String computed = KernelTableForm.of(table, numbers);
        Comparison comparison = KernelTableForm.compare(current, computed);
        if (comparison == Comparison.SAME) {
            return false;
        }
        if (comparison == Comparison.GROWN && growing) {
            dm.reload(name, table);
            return true;
        }
        throw differs(name, current, table, computed);
    }

    /**
     * The pool's transaction id against the layout's: a pool that has just formatted itself (0)
     * gets the dlv's thin; one at the expected id is left alone. A pool at 1 when the layout says 0
     * is a first assembly whose reply was lost.
     */
    private long settleTransaction(String pool, DlvLayout layout) throws NodeException {
        long expected = layout.transactionId();
        long current = usablePool(pool).transactionId();
        if (current == 0 && expected <= 1) {
            sendOrFindDone(pool, ThinPoolMessages.createThin(layout.thinId()), ALREADY_EXISTS);
            DmDevices.check(dm.message(pool, ThinPoolMessages.setTransactionId(0, 1)));
            return 1;
        }
        // a pending revert that this pool has done already (an earlier request's reply was lost)
        boolean reverted = layout.revertToThinId() != null && current == expected + 1;
        if (current == expected || (current == 1 && expected == 0) || reverted) {
            return current;
        }
        throw new NodeException("pool " + pool + " is at thin-metadata transaction " + current
                + " but the controller expects " + expected);
    }

    // ---- snapshots --------------------------------------------------------------------------

    /**
     * The member's head made again as a snapshot of the one the dlv was reverted to: {@code delete}
     * of the head, {@code create_snap} of it from the snapshot, one transaction. Only while the
     * head's thin device does not run, so nothing can write to it in between. Repeated after a
     * crash before the transaction id moved, both messages are sent again, which ends the same
     * way: the head held nothing since.
     */
    private long revertHead(MemberPlan member, DlvLayout layout, Set<String> live) throws NodeException {
        long t = layout.transactionId();
        if (usablePool(member.pool()).transactionId() == t + 1) {
            // done by an earlier request, whose assembly may have gone on to make the thin device
            return t + 1;
        }
        if (live.contains(member.thin())) {
            throw new NodeException("dlv " + layout.dlv() + " cannot be reverted while its thin device " + member.thin()
                    + " runs on this ihost");
        }
        long head = layout.thinId();
        String delete = messageOrFail(() -> ThinPoolMessages.delete(head));
        String snap = messageOrFail(() -> ThinPoolMessages.createSnap(head, layout.revertToThinId()));
        advanceTransaction(member.pool(), t, List.of(new Message(delete, NO_SUCH_THIN), new Message(snap, ALREADY_EXISTS)));
        LOG.info("pool {}: thin {} is a copy of snapshot thin {} again (transaction {})", member.pool(), head,
                layout.revertToThinId(), t + 1);
        return t + 1;
    }

    /** A pool message and the error with which an earlier, interrupted request shows it did the work. */
    private record Message(String text, String doneBefore) {
    }

    /** The message and {@code set_transaction_id t t+1} in one pool, unless the pool is past t already. */
    private void advanceTransaction(String pool, long t, String message, String doneBefore) throws NodeException {
        advanceTransaction(pool, t, List.of(new Message(message, doneBefore)));
    }

    private void advanceTransaction(String pool, long t, List<Message> messages) throws NodeException {
        long current = usablePool(pool).transactionId();
        if (current == t + 1) {
            return;
        }
        if (current != t) {
            throw new NodeException("pool " + pool + " is at thin-metadata transaction " + current
                    + " but the controller expects " + t);
        }
        for (Message message : messages) {
            sendOrFindDone(pool, message.text(), message.doneBefore());
        }
        DmDevices.check(dm.message(pool, ThinPoolMessages.setTransactionId(t, t + 1)));
    }

    /** Whether every pool is already at t+1; fails before anything changes when one is at neither t nor t+1. */
    private boolean poolsAtOrPast(DlvStackPlan plan, long t) throws NodeException {
        boolean allDone = true;
        for (MemberPlan member : plan.members()) {
            long current = usablePool(member.pool()).transactionId();
            if (current != t && current != t + 1) {
                throw new NodeException("pool " + member.pool() + " is at thin-metadata transaction " + current
                        + " but the controller expects " + t);
            }
            allDone &= current == t + 1;
        }
        return allDone;
    }

    /**
     * A message whose failure with {@code doneBefore} means that an earlier request got this far
     * and stopped before the transaction id recorded it (the id is still the old one).
     */
    private void sendOrFindDone(String pool, String message, String doneBefore) throws NodeException {
        CommandResult result = dm.message(pool, message);
        if (!result.succeeded() && !result.stderr().contains(doneBefore)) {
            throw new NodeException(result.failureMessage());
        }
    }

    private ThinPoolStatus usablePool(String pool) throws NodeException {
        ThinPoolStatus status = dm.poolStatus(pool);
        if (!status.reportsUsage()) {
            throw new NodeException("pool " + pool + " has failed (" + status.mode() + "): its metadata needs "
                    + "thin_check before the dlv can be used");
        }
        return status;
    }

    private void requireAssembled(DlvStackPlan plan) throws NodeException {
        Set<String> live = dm.names();
        List<String> needed = new ArrayList<>(List.of(plan.userDevice()));
        for (MemberPlan member : plan.members()) {
            needed.add(member.thin());
            needed.add(member.pool());
        }
        List<String> absent = needed.stream().filter(n -> !live.contains(n)).toList();
        if (!absent.isEmpty()) {
            throw new NodeException("dlv " + plan.layout().dlv() + " is not assembled on this ihost (no "
                    + String.join(", ", absent) + ")");
        }
    }

    private static String messageOrFail(Supplier<String> builder) throws NodeException {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw new NodeException(e.getMessage(), e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static List<DlvLayout.Mirror> mirrorsOf(DlvLayout.Member member) {
        List<DlvLayout.Mirror> all = new ArrayList<>(member.meta());
        all.addAll(member.data());
        return all;
    }

    /** Users first: the user's device, thin, pool, its metadata and data, mirrors, raid parts. */
    static int teardownRank(String name, String dlvPart) {
        String userDevice = KernelNames.PREFIX + dlvPart;
        if (name.equals(userDevice)) {
            return 0;
        }
        // "<user device>+s<i>-<role>", or "<user device>+snap<id>": a snapshot's device, a user of its thins
        String rest = name.substring(userDevice.length() + 1);
        if (SNAPSHOT_SUFFIX.matcher(rest).matches()) {
            return 0;
        }
        String role = rest.substring(rest.indexOf('-') + 1);
        if (SNAPSHOT_SUFFIX.matcher(role).matches()) {
            return 1;
        }
        return switch (role) {
            case "thin" -> 1;
            case "pool" -> 2;
            case "pmeta", "pdata" -> 3;
            default -> MIRROR_SUFFIX.matcher(role).matches() ? 4 : RAID_PART_SUFFIX.matcher(role).matches() ? 5 : 6;
        };
    }

    private static NodeException differs(String name, String current, String table, String computed) {
        return new NodeException(name + " exists with table '" + oneLine(current) + "' but the layout needs '"
                + oneLine(table) + "' (as the kernel shows it: '" + oneLine(computed) + "')");
    }

    private static String oneLine(String table) {
        return table.replace("\n", " | ");
    }
}
