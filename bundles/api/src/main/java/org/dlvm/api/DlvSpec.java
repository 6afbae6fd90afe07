package org.dlvm.api;

/** What POST /dlvs asks for; {@code dataSize} null lets the controller pick; {@code source} null: an empty dlv, else a clone. */
public record DlvSpec(String name, long size, String dvg, int stripeNumber, int replicas, Long dataSize,
        CloneSource source) {
    public DlvSpec(String name, long size, String dvg, int stripeNumber, int replicas, Long dataSize) {
        this(name, size, dvg, stripeNumber, replicas, dataSize, null);
    }

    public static final int DEFAULT_STRIPES = 1;
    public static final int DEFAULT_REPLICAS = 2;
}
