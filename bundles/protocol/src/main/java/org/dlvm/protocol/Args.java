package org.dlvm.protocol;

/** Keys of {@link AgentRequest#args()} and {@link AgentReply#result()}. */
public final class Args {
    public static final String LEG = "leg";
    public static final String SIZE = "size";
    public static final String HOLDS_METADATA = "holds_metadata";
    public static final String INITIATOR_IQN = "initiator_iqn";
    public static final String CHAP_USER = "chap_user";
    public static final String CHAP_PASSWORD = "chap_password";
    /** A {@link org.dlvm.api.DlvLayout} encoded with {@link MessageCodec}. */
    public static final String LAYOUT = "layout";
    public static final String THIN_ID = "thin_id";
    public static final String ORIGIN_ID = "origin_id";
    public static final String DEVICE_PATH = "device_path";
    public static final String TRANSACTION_ID = "transaction_id";
    /** Legs the ihost could not reach: their mirrors run degraded. */
    public static final String MISSING_LEGS = "missing_legs";

    public static final String POOLS = "pools";
    public static final String MEMBER = "member";
    public static final String USED_DATA_BLOCKS = "used_data_blocks";
    public static final String TOTAL_DATA_BLOCKS = "total_data_blocks";

    private Args() {
    }
}
