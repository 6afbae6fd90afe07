package org.dlvm.node.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dlvm.node.AssembledDlv;
import org.dlvm.node.NodeDriver;
import org.dlvm.node.NodeException;
import org.dlvm.node.PoolUsage;
import org.dlvm.node.VolumeGroupInfo;
import org.dlvm.api.DlvLayout;

/**
 * A test and benchmark double that touches nothing on the machine: one volume group of a
 * configured size, legs and dlvs kept in memory with the same rules as the kernel's (a leg
 * needs free space, an export names one initiator, snapshots raise the pools' transaction id),
 * and a fixed initiator IQN. Selected only by {@code driver = sim}; never the default, because
 * a node running it stores no data.
 */
public final class SimulatedNodeDriver implements NodeDriver {
    private final String vgName;
    private final long vgSizeBytes;
    private final String initiatorIqn;
    private final Map<String, Long> legs = new TreeMap<>();
    /** leg → initiator it is exported to. */
    private final Map<String, String> exports = new TreeMap<>();
    /** The CHAP secret each export was given: a test looks for them where they must not be (logs). */
    private final Map<String, String> chapSecrets = new TreeMap<>();
    /** dlv → its pools' transaction id, while assembled here. */
    private final Map<String, Long> assembled = new HashMap<>();
    private final List<String> reverts = new ArrayList<>();
    /** dlv → the layout it was last assembled or grown to, while assembled here. */
    private final Map<String, DlvLayout> layouts = new HashMap<>();
    /** Legs the "kernel" failed ('D'), and legs being rebuilt ('a') with the fraction done. */
    private final java.util.Set<String> deadLegs = new java.util.TreeSet<>();
    private final java.util.Set<String> brokenLegs = new java.util.TreeSet<>();
    private final Map<String, Double> rebuilding = new HashMap<>();
    /**
     * meta leg → transaction id the pools' metadata on it holds, assembled or not: the metadata lives on
     * the legs, not in the dlv's name, so a new dlv of a deleted one's name starts from nothing.
     */
    private final Map<String, Long> transactions = new HashMap<>();

    private final long stepMillis;

    public SimulatedNodeDriver(String vgName, long vgSizeBytes, String initiatorIqn) {
        this(vgName, vgSizeBytes, initiatorIqn, 0);
    }

    /** {@code stepMillis}: how long each leg or dlv step takes, as a slow node's would. */
    public SimulatedNodeDriver(String vgName, long vgSizeBytes, String initiatorIqn, long stepMillis) {
        this.vgName = vgName;
        this.vgSizeBytes = vgSizeBytes;
        this.initiatorIqn = initiatorIqn;
        this.stepMillis = stepMillis;
    }

    /** Outside the driver's lock, so that reads (describe, heartbeat facts) stay quick while a step takes its time. */
    private void takeTime() {
        if (stepMillis > 0) {
            try {
                Thread.sleep(stepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code configured} when set, else one derived from the node name, so that every simulated node differs. */
    public static String initiatorIqn(String configured, String nodeName) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return "iqn.2026-11.org.dlvm.sim:" + nodeName.toLowerCase(Locale.ROOT);
    }

    @Override
    public VolumeGroupInfo volumeGroup(String vg) throws NodeException {
        if (!vgName.equals(vg)) {
            // the same words as LVM, so that callers see what they would on a real node
            throw new NodeException("Volume group \"" + vg + "\" not found (simulated node has only \"" + vgName + "\")");
        }
        synchronized (this) {
            long used = legs.values().stream().mapToLong(Long::longValue).sum();
            return new VolumeGroupInfo(vgName, vgSizeBytes, vgSizeBytes - used);
        }
    }

    @Override
    public String initiatorIqn() {
        return initiatorIqn;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public String kind() {
        return KIND_SIMULATED;
    }

    @Override
    public void createLeg(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException {
        takeTime();
        createLegStep(vg, leg, bytes, holdsMetadata);
    }

    private synchronized void createLegStep(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException {
        VolumeGroupInfo group = volumeGroup(vg);
        Long existing = legs.get(leg);
        if (existing != null) {
            if (existing != bytes) {
                throw new NodeException("leg " + leg + " exists with " + existing + " bytes, not " + bytes);
            }
            return;
        }
        if (bytes > group.freeBytes()) {
            throw new NodeException("Volume group \"" + vg + "\" has insufficient free space for " + bytes + " bytes");
        }
        legs.put(leg, bytes);
    }

    @Override
    public void exportLeg(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException {
        takeTime();
        exportLegStep(leg, initiatorIqn, chapUser, chapPassword);
    }

    private synchronized void exportLegStep(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException {
        requireLeg(leg);
        exports.put(leg, initiatorIqn);
        if (chapPassword != null) {
            chapSecrets.put(leg, chapPassword);
        }
    }

    @Override
    public synchronized void unexportLeg(String leg) {
        exports.remove(leg);
    }

    @Override
    public void deleteLeg(String vg, String leg) throws NodeException {
        takeTime();
        deleteLegStep(vg, leg);
    }

    private synchronized void deleteLegStep(String vg, String leg) throws NodeException {
        volumeGroup(vg);
        exports.remove(leg);
        legs.remove(leg);
    }

    private void requireLeg(String leg) throws NodeException {
        if (!legs.containsKey(leg)) {
            throw new NodeException("no leg " + leg + " on this simulated node");
        }
    }

    @Override
    public AssembledDlv assembleDlv(DlvLayout layout) throws NodeException {
        takeTime();
        return assembleDlvStep(layout);
    }

    private synchronized AssembledDlv assembleDlvStep(DlvLayout asked) throws NodeException {
        DlvLayout held = layouts.get(asked.dlv());
        DlvLayout layout = held == null ? asked : keepingRunningLegs(asked, held);
        long transaction = metadataTransaction(layout);
        boolean reverting = layout.revertToThinId() != null;
        if (reverting && assembled.containsKey(layout.dlv())) {
            throw new NodeException("dlv " + layout.dlv() + " cannot be reverted while its thin device runs on this ihost");
        }
        if (transaction == 0) {
            transaction = 1;
        } else if (reverting && transaction == layout.transactionId()) {
            // as the Linux driver does: the head made again from the snapshot, one transaction
            transaction++;
            reverts.add(layout.dlv() + " to thin " + layout.revertToThinId());
        } else if (transaction != layout.transactionId() && !(transaction == 1 && layout.transactionId() == 0)
                && !(reverting && transaction == layout.transactionId() + 1)) {
            // (1 against 0, as the Linux driver reads it: a first assembly whose reply was lost)
            throw new NodeException("pool metadata of " + layout.dlv() + " is at transaction " + transaction
                    + ", the controller expects " + layout.transactionId());
        }
        List<String> missing = new ArrayList<>();
        for (DlvLayout.Member member : layout.members()) {
            for (List<DlvLayout.Mirror> mirrors : List.of(member.meta(), member.data())) {
                for (DlvLayout.Mirror mirror : mirrors) {
                    List<String> out = mirror.legs().stream().filter(l -> !l.reachable()).map(DlvLayout.Leg::leg).toList();
                    // the Linux driver's rules: a new mirror starts in sync only with every leg, and no mirror without any
                    if (!out.isEmpty() && (mirror.fresh() || out.size() == mirror.legs().size())) {
                        throw new NodeException("mirror " + mirror.index() + " of stripe " + member.index() + " of "
                                + layout.dlv() + " cannot be assembled without legs " + out);
                    }
                    if (mirror.legs().stream().allMatch(l -> !l.reachable() || l.replaces() != null)) {
                        throw new NodeException("mirror " + mirror.index() + " of stripe " + member.index() + " of "
                                + layout.dlv() + " has only a leg still being rebuilt left");
                    }
                    missing.addAll(out);
                    // as the Linux driver does on a running mirror: a failed leg that answers is tried again
                    mirror.legs().stream().filter(l -> l.reachable() && !brokenLegs.contains(l.leg()) && deadLegs.remove(l.leg()))
                            .forEach(l -> rebuilding.put(l.leg(), 0.0));
                    // a repair's new leg that the mirror did not hold is copied whole
                    mirror.legs().stream().filter(l -> l.reachable() && l.replaces() != null && !holds(held, l.leg()))
                            .forEach(l -> rebuilding.put(l.leg(), 0.0));
                }
            }
        }
        keepMetadataTransaction(layout, transaction);
        assembled.put(layout.dlv(), transaction);
        layouts.put(layout.dlv(), layout);
        return new AssembledDlv("/dev/mapper/dlvm-" + layout.dlv(), transaction, missing);
    }

    private static boolean holds(DlvLayout held, String leg) {
        return held != null && held.members().stream().flatMap(m -> java.util.stream.Stream.concat(m.meta().stream(),
                m.data().stream())).flatMap(m -> m.legs().stream()).anyMatch(l -> l.leg().equals(leg) && l.reachable());
    }

    /**
     * As the Linux driver does with a running mirror: a leg it runs with stays in it even when the
     * new layout marks its dpv unreachable (assembly takes legs back, it never drops one).
     */
    private static DlvLayout keepingRunningLegs(DlvLayout asked, DlvLayout held) {
        java.util.Set<String> running = new java.util.HashSet<>();
        for (DlvLayout.Member member : held.members()) {
            for (List<DlvLayout.Mirror> mirrors : List.of(member.meta(), member.data())) {
                mirrors.forEach(m -> m.legs().stream().filter(DlvLayout.Leg::reachable).forEach(l -> running.add(l.leg())));
            }
        }
        List<DlvLayout.Member> members = new ArrayList<>();
        for (DlvLayout.Member member : asked.members()) {
            members.add(new DlvLayout.Member(member.index(), keeping(member.meta(), running), keeping(member.data(),
                    running)));
        }
        return new DlvLayout(asked.dlv(), asked.sizeBytes(), asked.thinBlockSectors(), asked.stripeChunkSectors(),
                asked.regionSectors(), asked.lowWaterBlocks(), asked.thinId(), asked.transactionId(), members,
                asked.revertToThinId());
    }

    private static List<DlvLayout.Mirror> keeping(List<DlvLayout.Mirror> mirrors, java.util.Set<String> running) {
        return mirrors.stream().map(m -> new DlvLayout.Mirror(m.index(), m.legBytes(), m.fresh(), m.legs().stream()
                .map(l -> l.reachable() || !running.contains(l.leg()) ? l : new DlvLayout.Leg(l.leg(), l.dpv(), l.address(),
                        l.port(), l.chapUser(), l.chapPassword(), true, l.replaces())).toList())).toList();
    }

    @Override
    public AssembledDlv growDlv(DlvLayout layout) throws NodeException {
        takeTime();
        return growDlvStep(layout);
    }

    private synchronized AssembledDlv growDlvStep(DlvLayout layout) throws NodeException {
        requireAssembled(layout);
        layouts.put(layout.dlv(), layout);
        return new AssembledDlv("/dev/mapper/dlvm-" + layout.dlv(), assembled.get(layout.dlv()), List.of());
    }

    @Override
    public synchronized void disassembleDlv(DlvLayout layout) {
        assembled.remove(layout.dlv());
        layouts.remove(layout.dlv());
    }

    @Override
    public synchronized org.dlvm.node.NodeHoldings.Dpv dpvHoldings(String vg) throws NodeException {
        volumeGroup(vg);
        Map<String, List<String>> byLeg = new TreeMap<>();
        exports.forEach((leg, iqn) -> byLeg.put(leg, List.of(iqn)));
        return new org.dlvm.node.NodeHoldings.Dpv(List.copyOf(legs.keySet()), byLeg);
    }

    /** The sessions of an assembled dlv are its layout's reachable legs (the simulator keeps no other). */
    @Override
    public synchronized org.dlvm.node.NodeHoldings.Ihost ihostHoldings() {
        java.util.Set<String> parts = new java.util.TreeSet<>();
        java.util.Set<String> sessions = new java.util.TreeSet<>();
        assembled.keySet().forEach(dlv -> parts.add(org.dlvm.api.KernelPart.of(dlv)));
        layouts.values().forEach(layout -> layout.members().forEach(member -> java.util.stream.Stream.concat(
                member.meta().stream(), member.data().stream()).flatMap(m -> m.legs().stream())
                .filter(DlvLayout.Leg::reachable).forEach(leg -> sessions.add(leg.leg()))));
        return new org.dlvm.node.NodeHoldings.Ihost(List.copyOf(parts), List.copyOf(sessions));
    }

    @Override
    public synchronized void tearDown(String dlvPart, List<String> legs) {
        assembled.keySet().removeIf(dlv -> org.dlvm.api.KernelPart.of(dlv).equals(dlvPart));
        layouts.keySet().removeIf(dlv -> org.dlvm.api.KernelPart.of(dlv).equals(dlvPart));
    }

    /** As dm-raid would say it: a leg left out of the table is '-', one the test failed 'D', one rebuilding 'a'. */
    @Override
    public synchronized List<org.dlvm.api.DlvState> dlvStates(List<DlvLayout> asked) {
        List<org.dlvm.api.DlvState> states = new ArrayList<>();
        for (DlvLayout wanted : asked) {
            DlvLayout held = layouts.get(wanted.dlv());
            if (held == null) {
                states.add(new org.dlvm.api.DlvState(wanted.dlv(), "none of its mirrors is assembled here", null));
                continue;
            }
            List<org.dlvm.api.MirrorState> mirrors = new ArrayList<>();
            for (DlvLayout.Member member : held.members()) {
                for (String kind : List.of("meta", "data")) {
                    for (DlvLayout.Mirror mirror : kind.equals("meta") ? member.meta() : member.data()) {
                        mirrors.add(mirrorState(member.index(), kind, mirror));
                    }
                }
            }
            states.add(new org.dlvm.api.DlvState(wanted.dlv(), null, mirrors));
        }
        return states;
    }

    private org.dlvm.api.MirrorState mirrorState(int member, String kind, DlvLayout.Mirror mirror) {
        long sectors = mirror.legBytes() / 512;
        StringBuilder health = new StringBuilder();
        double done = 1.0;
        for (DlvLayout.Leg leg : mirror.legs()) {
            if (!leg.reachable()) {
                health.append('-');
            } else if (deadLegs.contains(leg.leg()) || brokenLegs.contains(leg.leg())) {
                health.append('D');
            } else if (rebuilding.containsKey(leg.leg())) {
                health.append('a');
                done = Math.min(done, rebuilding.get(leg.leg()));
            } else {
                health.append('A');
            }
        }
        return new org.dlvm.api.MirrorState(member, kind, mirror.index(), health.toString(), (long) (sectors * done),
                sectors, done < 1.0 ? "recover" : "idle", mirror.legs().stream().map(DlvLayout.Leg::leg).toList());
    }

    /**
     * Test control: the node restarts. What a real reboot loses goes (LIO exports, assembled dlvs,
     * the kernel's leg failures); what is on disk stays (legs, the pools' metadata on them).
     */
    public synchronized void reboot() {
        exports.clear();
        assembled.clear();
        layouts.clear();
        deadLegs.clear();
        rebuilding.clear();
    }

    /** Test control: the "kernel" fails this leg, as dm-raid does after an I/O error ('D'). */
    public synchronized void failLeg(String leg) {
        deadLegs.add(leg);
        rebuilding.remove(leg);
    }

    /**
     * Test control: the leg's disk fails every write, so dm-raid fails it again each time an
     * assembly takes it back ('D' for good; a reboot does not mend it).
     */
    public synchronized void breakLeg(String leg) {
        brokenLegs.add(leg);
        failLeg(leg);
    }

    /** Test control: this leg is being rebuilt, {@code fraction} done ('a'); 1 or more: in sync again. */
    public synchronized void rebuildLeg(String leg, double fraction) {
        deadLegs.remove(leg);
        if (fraction >= 1.0) {
            rebuilding.remove(leg);
        } else {
            rebuilding.put(leg, fraction);
        }
    }

    @Override
    public synchronized long createSnapshot(DlvLayout layout, long thinId, long originId) throws NodeException {
        return nextTransaction(layout);
    }

    @Override
    public synchronized long deleteSnapshot(DlvLayout layout, long thinId) throws NodeException {
        return nextTransaction(layout);
    }

    /** Copies done, as "source@thin -> target". */
    private final List<String> copies = new ArrayList<>();
    /** Test control: a copy waits half way while this is set (until cancelled or released). */
    private volatile boolean copiesHeld;

    /** A copy of half the source's size (as if half were mapped), reported in two steps; see {@link #holdCopies}. */
    @Override
    public long copySnapshot(DlvLayout source, long thinId, DlvLayout target, org.dlvm.node.CopyProgress progress)
            throws NodeException {
        takeTime();
        synchronized (this) {
            requireAssembled(source);
            requireAssembled(target);
        }
        if (target.sizeBytes() < source.sizeBytes()) {
            throw new NodeException("dlv " + target.dlv() + " is smaller than its source " + source.dlv());
        }
        long total = source.sizeBytes() / 2;
        progress.copied(0, total);
        progress.copied(total / 2, total);
        while (copiesHeld && !progress.cancelled()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeException("interrupted while copying to " + target.dlv());
            }
        }
        if (progress.cancelled()) {
            throw new org.dlvm.node.CopyCancelledException("the copy to " + target.dlv() + " was cancelled");
        }
        progress.copied(total, total);
        synchronized (this) {
            copies.add(source.dlv() + "@" + thinId + " -> " + target.dlv());
        }
        return total;
    }

    /** Test control: copies wait half way (true) or run on (false). */
    public void holdCopies(boolean held) {
        copiesHeld = held;
    }

    public synchronized List<String> copies() {
        return List.copyOf(copies);
    }

    /** Exactly once per expected transaction, as the Linux driver does: a repeated request finds it done. */
    private long nextTransaction(DlvLayout layout) throws NodeException {
        requireAssembled(layout);
        long current = metadataTransaction(layout);
        if (current == layout.transactionId() + 1) {
            return current;
        }
        if (current != layout.transactionId()) {
            throw new NodeException("pool metadata of " + layout.dlv() + " is at transaction " + current
                    + ", the controller expects " + layout.transactionId());
        }
        keepMetadataTransaction(layout, current + 1);
        assembled.put(layout.dlv(), current + 1);
        return current + 1;
    }

    private static List<String> metaLegs(DlvLayout layout) {
        return layout.members().stream().flatMap(m -> m.meta().stream()).flatMap(m -> m.legs().stream())
                .map(DlvLayout.Leg::leg).toList();
    }

    /** What any of the dlv's meta legs holds (a leg replaced by repair starts empty; its mirror partner does not). */
    private long metadataTransaction(DlvLayout layout) {
        return metaLegs(layout).stream().mapToLong(l -> transactions.getOrDefault(l, 0L)).max().orElse(0L);
    }

    private void keepMetadataTransaction(DlvLayout layout, long transaction) {
        metaLegs(layout).forEach(l -> transactions.put(l, transaction));
    }

    private void requireAssembled(DlvLayout layout) throws NodeException {
        if (!assembled.containsKey(layout.dlv())) {
            throw new NodeException("dlv " + layout.dlv() + " is not assembled on this simulated node");
        }
    }

    /** dlv → fraction of its pools' data the test says is used. */
    private final Map<String, Double> fill = new HashMap<>();

    @Override
    public synchronized List<PoolUsage> poolUsage(DlvLayout layout) throws NodeException {
        requireAssembled(layout);
        List<PoolUsage> usage = new ArrayList<>();
        for (DlvLayout.Member member : layout.members()) {
            long blockBytes = layout.thinBlockSectors() * 512;
            long data = member.data().stream().mapToLong(m -> m.legBytes() - 4L * 1024 * 1024).sum();
            long total = data / blockBytes;
            usage.add(new PoolUsage(member.index(), (long) (total * fill.getOrDefault(layout.dlv(), 0.0)), total));
        }
        return usage;
    }

    /** Test control: pretend the dlv's pools are this full (0 to 1). */
    public synchronized void fill(String dlv, double fraction) {
        fill.put(dlv, fraction);
    }

    /** Test view: the legs this node holds, by name, with their sizes. */
    public synchronized Map<String, Long> legs() {
        return Map.copyOf(legs);
    }

    /** Test view: the initiator each exported leg is served to. */
    public synchronized Map<String, String> exports() {
        return Map.copyOf(exports);
    }

    /** Test view: every CHAP secret an export was given here, by leg (kept after the export ends). */
    public synchronized Map<String, String> chapSecrets() {
        return Map.copyOf(chapSecrets);
    }

    /** Test view: the dlvs assembled here. */
    /** Every revert carried out, as "dlv to thin N", in order (tests). */
    public synchronized List<String> reverts() {
        return List.copyOf(reverts);
    }

    public synchronized List<String> assembledDlvs() {
        return List.copyOf(new TreeMap<>(assembled).keySet());
    }
}
