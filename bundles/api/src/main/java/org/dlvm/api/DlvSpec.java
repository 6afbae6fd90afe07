package org.dlvm.api;

/** What POST /dlvs asks for; {@code dataSize} null lets the controller pick. */
public record DlvSpec(String name, long size, String dvg, int stripeNumber, int replicas, Long dataSize) {
    public static final int DEFAULT_STRIPES = 1;
    public static final int DEFAULT_REPLICAS = 2;
}
