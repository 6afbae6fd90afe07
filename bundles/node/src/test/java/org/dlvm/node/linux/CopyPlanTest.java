package org.dlvm.node.linux;

import static org.junit.Assert.assertEquals;

import java.util.BitSet;
import java.util.List;

import org.dlvm.node.linux.CopyPlan.Range;
import org.junit.Test;

public class CopyPlanTest {
    private static BitSet blocks(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    /** One member: its mapped blocks are the dlv's, neighbours merged. */
    @Test
    public void oneMemberCopiesItsMappedBlocksMerged() {
        CopyPlan plan = CopyPlan.of(1024, 128, 128, List.of(blocks(0, 1, 2, 5)), 2048);
        assertEquals(List.of(new Range(0, 384), new Range(640, 128)), plan.ranges());
        assertEquals(512 * 512, plan.bytes());
    }

    /** Two members, chunk = block: member i's block k is the dlv's chunk 2k+i. */
    @Test
    public void stripedMembersInterleaveByChunk() {
        // dlv of 8 chunks of 128 sectors; member 0 maps its block 1 (dlv chunk 2), member 1 its blocks 0 and 1 (chunks 1, 3)
        CopyPlan plan = CopyPlan.of(1024, 128, 128, List.of(blocks(1), blocks(0, 1)), 2048);
        assertEquals(List.of(new Range(128, 3 * 128)), plan.ranges());
        assertEquals(3 * 128 * 512, plan.bytes());
    }

    /** Blocks larger than the chunk: a piece is a chunk, copied when the block under it is mapped. */
    @Test
    public void blocksLargerThanTheChunkAreCopiedPieceByPiece() {
        // chunk 64, block 128: member 0's block 0 = its chunks 0 and 1 = dlv chunks 0 and 2
        CopyPlan plan = CopyPlan.of(512, 64, 128, List.of(blocks(0), new BitSet()), 2048);
        assertEquals(List.of(new Range(0, 64), new Range(128, 64)), plan.ranges());
    }

    @Test
    public void rangesStopAtTheirLargestSizeAndNothingMappedIsNothingToCopy() {
        CopyPlan plan = CopyPlan.of(1024, 128, 128, List.of(blocks(0, 1, 2, 3, 4)), 256);
        assertEquals(List.of(new Range(0, 256), new Range(256, 256), new Range(512, 128)), plan.ranges());
        assertEquals(List.of(), CopyPlan.of(1024, 128, 128, List.of(new BitSet(), new BitSet()), 2048).ranges());
    }
}
