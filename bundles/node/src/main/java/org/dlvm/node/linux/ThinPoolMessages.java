package org.dlvm.node.linux;

/**
 * Messages to a thin-pool ({@code dmsetup message <pool> 0 <message>}). Each one changes the
 * pool's metadata, so the caller must check the command's result: the original ignored it and
 * recorded failed snapshots as made (REFERENCE §9 item 4).
 */
public final class ThinPoolMessages {
    private ThinPoolMessages() {
    }

    public static String createThin(long thinId) {
        DmTables.checkThinId(thinId);
        return "create_thin " + thinId;
    }

    /** The origin, when active, must be suspended around this message (the kernel's rule for a consistent snapshot). */
    public static String createSnap(long thinId, long originId) {
        DmTables.checkThinId(thinId);
        DmTables.checkThinId(originId);
        if (thinId == originId) {
            throw new IllegalArgumentException("a snapshot cannot have its own id " + thinId + " as origin");
        }
        return "create_snap " + thinId + " " + originId;
    }

    public static String delete(long thinId) {
        DmTables.checkThinId(thinId);
        return "delete " + thinId;
    }

    /**
     * Compare-and-set of the pool's transaction id: the pool refuses it unless its id is
     * {@code current}, which lets an agent tell whether a message it sent before a crash took effect.
     */
    public static String setTransactionId(long current, long next) {
        if (current < 0 || next < 0) {
            throw new IllegalArgumentException("transaction ids are unsigned: " + current + " -> " + next);
        }
        if (current == next) {
            throw new IllegalArgumentException("transaction id " + current + " unchanged: nothing would record the step");
        }
        return "set_transaction_id " + current + " " + next;
    }

    /** Freezes a copy of the metadata root so the metadata can be read (thin_dump -m) while the pool is live. */
    public static String reserveMetadataSnap() {
        return "reserve_metadata_snap";
    }

    public static String releaseMetadataSnap() {
        return "release_metadata_snap";
    }
}
