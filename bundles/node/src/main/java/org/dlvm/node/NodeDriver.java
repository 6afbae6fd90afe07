package org.dlvm.node;

import java.util.List;

import org.dlvm.api.DlvLayout;

/**
 * The node's access to its kernel and tools. Registered as a service with the property
 * {@value #SERVICE_PROPERTY_KIND}={@link #kind()}. Every failure is a {@link NodeException}
 * whose message tells an operator what to do: a missing tool must never take the node down.
 *
 * <p>Every method that changes the node probes first and does only what is missing, so any of
 * them may be repeated after a lost reply; removing what is absent is success. Only objects
 * whose names carry DLVM's prefix are ever touched.
 */
public interface NodeDriver {
    String KIND_LINUX = "linux";
    String KIND_SIMULATED = "sim";
    String SERVICE_PROPERTY_KIND = "driver";

    VolumeGroupInfo volumeGroup(String vg) throws NodeException;

    String initiatorIqn() throws NodeException;

    /** What this node lacks to serve its roles (modules, commands), one sentence each; empty when nothing. */
    List<String> problems();

    /** {@value #KIND_LINUX} or {@value #KIND_SIMULATED}. */
    String kind();

    // ---- dpv

    /**
     * The leg's LV of {@code bytes} in {@code vg} and its two linears (layer 1, the swap point;
     * layer 2, what LIO holds open). A new LV reads zeros where a new leg must
     * ({@code holdsMetadata}: also the thin-pool superblock).
     */
    void createLeg(String vg, String leg, long bytes, boolean holdsMetadata) throws NodeException;

    /**
     * Serves the leg over iSCSI to {@code initiatorIqn} only, with the target's CHAP credentials
     * (both null: CHAP off). An ACL of any other initiator is removed, which ends its sessions.
     */
    void exportLeg(String leg, String initiatorIqn, String chapUser, String chapPassword) throws NodeException;

    /** Target and backstore removed; the initiator's sessions end with them. */
    void unexportLeg(String leg) throws NodeException;

    /** Unexport, both linears and the LV removed. */
    void deleteLeg(String vg, String leg) throws NodeException;

    /** The legs in {@code vg} and the targets with their initiators; only reads. */
    NodeHoldings.Dpv dpvHoldings(String vg) throws NodeException;

    // ---- ihost

    /** Logs in to every reachable leg and builds the dlv's stack up to {@code /dev/mapper/dlvm-<dlv>}. */
    AssembledDlv assembleDlv(DlvLayout layout) throws NodeException;

    /** Grows an assembled dlv to {@code layout} (more legs, a larger size) while it stays online. */
    AssembledDlv growDlv(DlvLayout layout) throws NodeException;

    /** Removes the dlv's devices from the top down and logs out of its legs. */
    void disassembleDlv(DlvLayout layout) throws NodeException;

    /** The dlvs with devices here and the legs with sessions; only reads. */
    NodeHoldings.Ihost ihostHoldings() throws NodeException;

    /**
     * A stack no layout describes any longer (the controller moved its dlv away, or deleted it):
     * every device whose name carries {@code dlvPart}, from the top down, then the sessions and
     * node records of {@code legs}, on whatever portal. Absent parts are success.
     */
    void tearDown(String dlvPart, List<String> legs) throws NodeException;

    /**
     * A crash-consistent snapshot: the final device suspended, {@code create_snap thinId originId}
     * in every pool, resumed. Returns the pools' new transaction id.
     */
    long createSnapshot(DlvLayout layout, long thinId, long originId) throws NodeException;

    /** {@code delete thinId} in every pool. Returns the pools' new transaction id. */
    long deleteSnapshot(DlvLayout layout, long thinId) throws NodeException;

    /**
     * A clone's copy: what snapshot {@code thinId} of {@code source} holds, onto the same places
     * of {@code target}'s user device, both assembled here; only the blocks the source's pools
     * have mapped. Runs until done, failed or {@link CopyProgress#cancelled} (then
     * {@link CopyCancelledException}); started again after an interruption, it copies again from
     * the start (the source is a snapshot: the same bytes). Returns the bytes copied.
     */
    long copySnapshot(DlvLayout source, long thinId, DlvLayout target, CopyProgress progress) throws NodeException;

    /** How full each stripe member's pool of an assembled dlv is, so the controller grows it before it fills. */
    java.util.List<PoolUsage> poolUsage(DlvLayout layout) throws NodeException;

    /**
     * What the kernel says of each mirror of these dlvs (each one this ihost holds), in one probe;
     * a dlv whose devices cannot be read says why in its {@code problem}. Throws only when nothing
     * could be read at all.
     */
    java.util.List<org.dlvm.api.DlvState> dlvStates(java.util.List<DlvLayout> layouts) throws NodeException;
}
