package org.dlvm.api;

/**
 * What an ihost's kernel says of one mirror (raid1) of a dlv it serves: {@code legs} holds one
 * dm-raid health character per leg position ('A' in sync, 'a' syncing, 'D' dead, '-' missing);
 * {@code syncedSectors} of {@code totalSectors} are done by {@code syncAction} ("idle" when
 * nothing runs, "recover" while a leg is rebuilt, "resync" after an unclean stop).
 */
public record MirrorState(int member, String kind, int mirror, String legs, long syncedSectors, long totalSectors,
        String syncAction) {

    public double syncFraction() {
        return totalSectors <= 0 ? 1.0 : Math.min(1.0, (double) syncedSectors / totalSectors);
    }
}
