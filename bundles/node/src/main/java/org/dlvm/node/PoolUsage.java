package org.dlvm.node;

/** How full one stripe member's thin pool is, in the pool's data blocks. */
public record PoolUsage(int member, long usedDataBlocks, long totalDataBlocks) {
    public double freeFraction() {
        return totalDataBlocks == 0 ? 0 : (double) (totalDataBlocks - usedDataBlocks) / totalDataBlocks;
    }
}
