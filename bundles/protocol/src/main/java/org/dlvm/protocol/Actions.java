package org.dlvm.protocol;

/**
 * The actions agents answer. Every action that changes a node is idempotent: the agent probes
 * what exists and does only what is missing, so a step repeated after a lost reply or a
 * controller restart is safe. Argument and result keys are in {@link Args}.
 */
public final class Actions {
    /** A dpv answers its volume group's total_size and free_size; an ihost its initiator_iqn. */
    public static final String DESCRIBE = "describe";

    // ---- dpv: one leg = LV, layer-1 and layer-2 linears, LIO backstore and target

    /** Args {@link Args#LEG}, {@link Args#SIZE}, {@link Args#HOLDS_METADATA}: the LV (zeroed where a new leg must read zeros) and both linears. */
    public static final String LEG_CREATE = "leg.create";
    /**
     * Args {@link Args#LEG}, {@link Args#INITIATOR_IQN}, {@link Args#CHAP_USER}, {@link Args#CHAP_PASSWORD}:
     * backstore, target, portal and one ACL, for that initiator only (an ACL for another initiator is removed).
     */
    public static final String LEG_EXPORT = "leg.export";
    /** Args {@link Args#LEG}: target and backstore removed; the initiator's sessions end with them. */
    public static final String LEG_UNEXPORT = "leg.unexport";
    /** Args {@link Args#LEG}: unexport, both linears and the LV removed; an absent leg is success. */
    public static final String LEG_DELETE = "leg.delete";

    // ---- ihost: the whole stack of one dlv, from a DlvLayout in Args#LAYOUT

    /** Log in to every leg and build mirrors, pools, thins and the final device. Result: {@link Args#DEVICE_PATH}, {@link Args#TRANSACTION_ID}, {@link Args#MISSING_LEGS}. */
    public static final String DLV_ASSEMBLE = "dlv.assemble";
    /** Remove the dlv's devices from the top down and log out of its legs; absent parts are success. */
    public static final String DLV_DISASSEMBLE = "dlv.disassemble";
    /** Grow an assembled dlv to the layout (new legs appended, pools and devices reloaded while online). */
    public static final String DLV_GROW = "dlv.grow";
    /** Args {@link Args#THIN_ID}, {@link Args#ORIGIN_ID}: suspend final, create_snap in every pool, resume. Result {@link Args#TRANSACTION_ID}. */
    public static final String SNAPSHOT_CREATE = "snapshot.create";
    /** Args {@link Args#THIN_ID}: delete that thin device in every pool. Result {@link Args#TRANSACTION_ID}. */
    public static final String SNAPSHOT_DELETE = "snapshot.delete";

    /** How full the dlv's pools are. Result {@link Args#POOLS}: per member {@code member, used_data_blocks, total_data_blocks}. */
    public static final String DLV_USAGE = "dlv.usage";

    private Actions() {
    }
}
