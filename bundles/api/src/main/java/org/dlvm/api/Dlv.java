package org.dlvm.api;

import java.util.List;

/**
 * A distributed volume. {@code reason} says why it is in {@code error} or {@code degraded};
 * {@code devicePath} is the block device on {@code ihost} while attached. {@code revertPending}
 * names the snapshot the dlv was reverted to while detached: the next attach makes it so.
 */
public record Dlv(String name, String dvg, long size, long dataSize, int stripeNumber, int replicas, DlvStatus status,
        String reason, String ihost, String devicePath, List<String> snapshots, List<DlvGroup> groups, String createdAt,
        String updatedAt, String revertPending) {

    public Dlv(String name, String dvg, long size, long dataSize, int stripeNumber, int replicas, DlvStatus status,
            String reason, String ihost, String devicePath, List<String> snapshots, List<DlvGroup> groups,
            String createdAt, String updatedAt) {
        this(name, dvg, size, dataSize, stripeNumber, replicas, status, reason, ihost, devicePath, snapshots, groups,
                createdAt, updatedAt, null);
    }
}
