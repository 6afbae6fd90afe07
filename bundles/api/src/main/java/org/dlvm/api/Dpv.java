package org.dlvm.api;

/**
 * A storage server. Sizes are bytes of its volume group, as its agent last reported them.
 * {@code failureDomain}: the rack or zone it shares with the dpvs that fail with it (null: none,
 * it fails alone).
 */
public record Dpv(String name, String address, NodeStatus status, String reason, String dvg, long totalSize,
        long freeSize, int legCount, String lastSeen, String agentVersion, String failureDomain) {

    public Dpv(String name, String address, NodeStatus status, String reason, String dvg, long totalSize, long freeSize,
            int legCount, String lastSeen, String agentVersion) {
        this(name, address, status, reason, dvg, totalSize, freeSize, legCount, lastSeen, agentVersion, null);
    }
}
