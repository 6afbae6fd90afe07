package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What a clone copies from a source dlv, in the source's own address space (its striped user
 * device): the pieces whose blocks any member's pool has mapped, in order, neighbours merged
 * into ranges of at most {@code maxRangeSectors}. The source's striping decides where a member's
 * block lies: member {@code i}'s chunk {@code k} is chunk {@code k * stripes + i} of the dlv.
 * Pieces are a stripe chunk (a thin block when that is smaller); a piece is copied whole when
 * any block under it is mapped. Pure: tested without a kernel.
 */
record CopyPlan(List<Range> ranges, long sectors) {
    /** {@code start} and {@code length} in 512-byte sectors of the dlv. */
    record Range(long start, long length) {
    }

    CopyPlan {
        ranges = List.copyOf(ranges);
    }

    long bytes() {
        return sectors * 512;
    }

    /**
     * {@code mappedByMember.get(i)}: the mapped blocks of member i's thin ({@link ThinDump});
     * {@code sizeSectors}: the dlv's size, {@code stripes} its members, each of
     * {@code sizeSectors / stripes} sectors.
     */
    static CopyPlan of(long sizeSectors, long chunkSectors, long blockSectors, List<BitSet> mappedByMember,
            long maxRangeSectors) {
        int stripes = mappedByMember.size();
        if (stripes < 1 || sizeSectors % stripes != 0 || chunkSectors <= 0 || blockSectors <= 0 || maxRangeSectors <= 0) {
            throw new IllegalArgumentException("no copy plan for " + sizeSectors + " sectors over " + stripes
                    + " members, chunk " + chunkSectors + ", block " + blockSectors);
        }
        long memberSectors = sizeSectors / stripes;
        long piece = stripes == 1 ? blockSectors : Math.min(chunkSectors, blockSectors);
        if (stripes > 1 && chunkSectors % piece != 0) {
            throw new IllegalArgumentException("stripe chunk " + chunkSectors + " is not a multiple of the piece " + piece);
        }
        List<Range> ranges = new ArrayList<>();
        long total = 0;
        long runStart = -1;
        long runLength = 0;
        for (long v = 0; v < sizeSectors; v += piece) {
            long length = Math.min(piece, sizeSectors - v);
            int member = stripes == 1 ? 0 : (int) ((v / chunkSectors) % stripes);
            long offset = stripes == 1 ? v : (v / chunkSectors / stripes) * chunkSectors + v % chunkSectors;
            if (offset >= memberSectors || !anyMapped(mappedByMember.get(member), offset, length, blockSectors)) {
                continue;
            }
            total += length;
            if (runStart >= 0 && runStart + runLength == v && runLength + length <= maxRangeSectors) {
                runLength += length;
            } else {
                if (runStart >= 0) {
                    ranges.add(new Range(runStart, runLength));
                }
                runStart = v;
                runLength = length;
            }
        }
        if (runStart >= 0) {
            ranges.add(new Range(runStart, runLength));
        }
        return new CopyPlan(ranges, total);
    }

    private static boolean anyMapped(BitSet mapped, long offset, long length, long blockSectors) {
        int first = (int) (offset / blockSectors);
        int last = (int) ((offset + length - 1) / blockSectors);
        int next = mapped.nextSetBit(first);
        return next >= 0 && next <= last;
    }
}
