package org.dlvm.worker;

/** The operations the worker knows; the stored name is {@link #wireName}. */
enum OperationKind {
    DPV_REGISTER("dpv-register", "dpv", OperationArgs.Register.class),
    IHOST_REGISTER("ihost-register", "ihost", OperationArgs.Register.class),
    DLV_CREATE("dlv-create", "dlv", OperationArgs.DlvCreate.class),
    DLV_DELETE("dlv-delete", "dlv", OperationArgs.DlvDelete.class),
    DLV_ATTACH("dlv-attach", "dlv", OperationArgs.DlvAttach.class),
    DLV_DETACH("dlv-detach", "dlv", OperationArgs.DlvDetach.class),
    DLV_EXTEND("dlv-extend", "dlv", OperationArgs.DlvExtend.class),
    // a new dlv made a copy of a snapshot of another, on the ihost that serves that one
    DLV_CLONE("dlv-clone", "dlv", OperationArgs.DlvClone.class),
    // a snapshot's operations lock its dlv: they suspend and message the dlv's pools
    SNAPSHOT_CREATE("snapshot-create", "dlv", OperationArgs.SnapshotCreate.class),
    SNAPSHOT_DELETE("snapshot-delete", "dlv", OperationArgs.SnapshotDelete.class),
    // what a node must hold of a served dlv, put back after the node announced itself
    DLV_RESTORE("dlv-restore", "dlv", OperationArgs.DlvRestore.class),
    // a leg lost for good gets a new one on another dpv, rebuilt online from the mirror's others
    LEG_REPAIR("leg-repair", "dlv", OperationArgs.LegRepair.class),
    // what a repair left on a dpv that was out of reach: deleted once it is back
    RETIRED_LEGS_DELETE("retired-legs-delete", "dpv", OperationArgs.RetiredLegsDelete.class),
    // what a node holds of a dlv that no row wants there: a fenced ihost's stack, a stale export
    DLV_CLEANUP("dlv-cleanup", "dlv", OperationArgs.DlvCleanup.class);

    final String wireName;
    final String objectKind;
    final Class<? extends OperationArgs> argsType;

    OperationKind(String wireName, String objectKind, Class<? extends OperationArgs> argsType) {
        this.wireName = wireName;
        this.objectKind = objectKind;
        this.argsType = argsType;
    }

    String target(String name) {
        return objectKind + "/" + name;
    }

    static OperationKind of(String wireName) {
        for (OperationKind k : values()) {
            if (k.wireName.equals(wireName)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown operation kind '" + wireName + "'");
    }

    static String objectName(String target) {
        return target.substring(target.indexOf('/') + 1);
    }
}
