package org.dlvm.api;

import java.util.List;

/**
 * A distributed volume. {@code reason} says why it is in {@code error} or {@code degraded};
 * {@code devicePath} is the block device on {@code ihost} while attached. {@code revertPending}
 * names the snapshot the dlv was reverted to while detached: the next attach makes it so.
 * While a clone copies ({@code cloning}): {@code cloneSource} and {@code cloneSnapshot} name what
 * it copies, {@code clonedBytes} of {@code cloneBytes} (the source's mapped bytes) are copied,
 * {@code clonePercent}; all null otherwise (flat, so that each is plainly nullable in the API).
 */
public record Dlv(String name, String dvg, long size, long dataSize, int stripeNumber, int replicas, DlvStatus status,
        String reason, String ihost, String devicePath, List<String> snapshots, List<DlvGroup> groups, String createdAt,
        String updatedAt, String revertPending, String cloneSource, String cloneSnapshot, Long clonedBytes,
        Long cloneBytes, Integer clonePercent) {

    public Dlv(String name, String dvg, long size, long dataSize, int stripeNumber, int replicas, DlvStatus status,
            String reason, String ihost, String devicePath, List<String> snapshots, List<DlvGroup> groups,
            String createdAt, String updatedAt, String revertPending) {
        this(name, dvg, size, dataSize, stripeNumber, replicas, status, reason, ihost, devicePath, snapshots, groups,
                createdAt, updatedAt, revertPending, null, null, null, null, null);
    }

    public Dlv(String name, String dvg, long size, long dataSize, int stripeNumber, int replicas, DlvStatus status,
            String reason, String ihost, String devicePath, List<String> snapshots, List<DlvGroup> groups,
            String createdAt, String updatedAt) {
        this(name, dvg, size, dataSize, stripeNumber, replicas, status, reason, ihost, devicePath, snapshots, groups,
                createdAt, updatedAt, null);
    }
}
