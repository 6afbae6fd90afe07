package org.dlvm.api;

/**
 * A storage server. Sizes are bytes of its volume group, as its agent last reported them.
 * {@code failureDomain}: the rack or zone it shares with the dpvs that fail with it (null: none,
 * it fails alone). {@code draining}: it is being evacuated, takes no new legs, and the repair
 * watch moves the legs it holds to other dpvs ({@code legCount} falls to 0).
 */
public record Dpv(String name, String address, NodeStatus status, String reason, String dvg, long totalSize,
        long freeSize, int legCount, String lastSeen, String agentVersion, String failureDomain, boolean draining) {

    public Dpv(String name, String address, NodeStatus status, String reason, String dvg, long totalSize, long freeSize,
            int legCount, String lastSeen, String agentVersion, String failureDomain) {
        this(name, address, status, reason, dvg, totalSize, freeSize, legCount, lastSeen, agentVersion, failureDomain,
                false);
    }

    public Dpv(String name, String address, NodeStatus status, String reason, String dvg, long totalSize, long freeSize,
            int legCount, String lastSeen, String agentVersion) {
        this(name, address, status, reason, dvg, totalSize, freeSize, legCount, lastSeen, agentVersion, null);
    }
}
