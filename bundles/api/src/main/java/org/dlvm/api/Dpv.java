package org.dlvm.api;

/** A storage server. Sizes are bytes of its volume group, as its agent last reported them. */
public record Dpv(String name, String address, NodeStatus status, String reason, String dvg, long totalSize,
        long freeSize, int legCount, String lastSeen, String agentVersion) {
}
