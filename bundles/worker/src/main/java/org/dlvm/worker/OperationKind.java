package org.dlvm.worker;

/** The operations the worker knows; the stored name is {@link #wireName}. */
enum OperationKind {
    DPV_REGISTER("dpv-register", "dpv"), IHOST_REGISTER("ihost-register", "ihost"),
    DLV_CREATE("dlv-create", "dlv"), DLV_DELETE("dlv-delete", "dlv"), DLV_ATTACH("dlv-attach", "dlv"),
    DLV_DETACH("dlv-detach", "dlv"), DLV_EXTEND("dlv-extend", "dlv"),
    // a snapshot's operations lock its dlv: they suspend and message the dlv's pools
    SNAPSHOT_CREATE("snapshot-create", "dlv"), SNAPSHOT_DELETE("snapshot-delete", "dlv");

    final String wireName;
    final String objectKind;

    OperationKind(String wireName, String objectKind) {
        this.wireName = wireName;
        this.objectKind = objectKind;
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
