package org.dlvm.api;

/**
 * What an ihost's kernel says of one mirror (raid1) of a dlv it serves: {@code legs} holds one
 * dm-raid health character per leg position ('A' in sync, 'a' syncing, 'D' dead, '-' missing);
 * {@code syncedSectors} of {@code totalSectors} are done by {@code syncAction} ("idle" when
 * nothing runs, "recover" while a leg is rebuilt, "resync" after an unclean stop).
 * {@code legNames}: the legs by position as the ihost last assembled the mirror, which tells a
 * report taken before a repair's new leg went in from one taken after (null from an older agent).
 */
public record MirrorState(int member, String kind, int mirror, String legs, long syncedSectors, long totalSectors,
        String syncAction, java.util.List<String> legNames) {

    public MirrorState(int member, String kind, int mirror, String legs, long syncedSectors, long totalSectors,
            String syncAction) {
        this(member, kind, mirror, legs, syncedSectors, totalSectors, syncAction, null);
    }

    public double syncFraction() {
        return totalSectors <= 0 ? 1.0 : Math.min(1.0, (double) syncedSectors / totalSectors);
    }
}
