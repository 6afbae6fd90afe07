package org.dlvm.api;

import java.util.List;

/**
 * Everything an ihost needs to build, grow, snapshot or tear down one dlv, computed by the
 * controller from its database; the ihost keeps no state of its own about dlvs.
 *
 * <p>The dlv is striped over {@code members.size()} stripe members of {@code sizeBytes / members}
 * bytes each (a multiple of {@code stripeChunkSectors}). Each member has a thin pool whose
 * metadata device is the concatenation of its {@code meta} mirrors and whose data device is the
 * concatenation of its {@code data} mirrors, in list order; the member's thin device is thin id
 * {@code thinId} of that pool. {@code transactionId} is the pools' thin-metadata transaction id
 * the controller expects (0 before the first assembly, when each pool formats itself and the
 * agent creates {@code thinId}); every snapshot create or delete raises it by one in every pool.
 *
 * <p>{@code revertToThinId}, when not null, is a snapshot the dlv was reverted to while detached:
 * before its thin device is made, each pool deletes {@code thinId} and makes it again as a
 * snapshot of that one (a transaction like a snapshot's). Null in every other layout, and in one
 * from a controller that predates it.
 */
public record DlvLayout(String dlv, long sizeBytes, long thinBlockSectors, long stripeChunkSectors,
        long regionSectors, long lowWaterBlocks, long thinId, long transactionId, List<Member> members,
        Long revertToThinId) {

    public DlvLayout {
        members = List.copyOf(members);
    }

    public DlvLayout(String dlv, long sizeBytes, long thinBlockSectors, long stripeChunkSectors, long regionSectors,
            long lowWaterBlocks, long thinId, long transactionId, List<Member> members) {
        this(dlv, sizeBytes, thinBlockSectors, stripeChunkSectors, regionSectors, lowWaterBlocks, thinId, transactionId,
                members, null);
    }

    /** One stripe member: its pool's metadata mirrors and data mirrors. */
    public record Member(int index, List<Mirror> meta, List<Mirror> data) {
        public Member {
            meta = List.copyOf(meta);
            data = List.copyOf(data);
        }
    }

    /**
     * A raid1 over legs of {@code legBytes} each (the first 4 MiB of a leg hold the raid's metadata).
     * {@code fresh}: never assembled yet, so it starts in sync ({@code nosync}) without a copy.
     */
    public record Mirror(int index, long legBytes, boolean fresh, List<Leg> legs) {
        public Mirror {
            legs = List.copyOf(legs);
        }
    }

    /**
     * One leg as the ihost reaches it: the dpv's iSCSI portal and the target's CHAP credentials
     * (null when CHAP is off). {@code reachable} false: the dpv is known to be down, so the
     * mirror is assembled without this leg. {@code replaces}: the leg this one took the place of
     * (a repair), until its mirror is in sync again: a mirror that does not hold it yet takes it
     * with {@code rebuild} (a full copy from the others), and the ihost logs out of the replaced
     * leg's target once the mirror has let that leg go. Null for every other leg.
     */
    public record Leg(String leg, String dpv, String address, int port, String chapUser, String chapPassword,
            boolean reachable, String replaces) {
        public Leg(String leg, String dpv, String address, int port, String chapUser, String chapPassword,
                boolean reachable) {
            this(leg, dpv, address, port, chapUser, chapPassword, reachable, null);
        }

        /** Without the CHAP secret: layouts travel in messages that end up in logs. */
        @Override
        public String toString() {
            return "Leg[" + leg + " on " + dpv + " at " + address + ":" + port + (chapUser == null ? "" : ", chap")
                    + (reachable ? "" : ", unreachable")
                    + (replaces == null ? "" : ", replaces " + replaces) + "]";
        }
    }
}
