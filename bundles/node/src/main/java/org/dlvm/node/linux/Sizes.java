package org.dlvm.node.linux;

import java.util.List;

/** Byte and sector arithmetic of the data path, in one place so the agents and the controller agree. */
public final class Sizes {
    public static final long SECTOR_BYTES = 512;
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long GIB = 1024 * MIB;
    /** LVM's default extent: legs are rounded up to it so the LV is exactly the size asked for. */
    public static final long EXTENT_BYTES = 4 * MIB;
    /**
     * The head of every leg that holds dm-raid's superblock and write-intent bitmap; the rest is
     * the mirror's data. 4 MiB as checked in the lab (LAB.md), and one extent.
     */
    public static final long RAID_META_PART_BYTES = 4 * MIB;
    /** Kernel's guidance for thin metadata: 48 bytes per data block, at least 2 MiB. */
    public static final long THIN_METADATA_BYTES_PER_BLOCK = 48;
    public static final long THIN_METADATA_MIN_BYTES = 2 * MIB;
    /** THIN_METADATA_MAX_SECTORS (255 × 2^14 × 8 sectors): the kernel uses no more than this. */
    public static final long THIN_METADATA_MAX_BYTES = 255L * (1 << 14) * 8 * SECTOR_BYTES;
    /** The thin-pool reads its superblock from the first 4 KiB of the metadata device. */
    public static final long THIN_SUPERBLOCK_BYTES = 4 * KIB;

    /** A byte range of a device. */
    public record ByteRange(long offset, long length) {
    }

    private Sizes() {
    }

    public static long sectors(long bytes) {
        if (bytes < 0 || bytes % SECTOR_BYTES != 0) {
            throw new IllegalArgumentException(bytes + " bytes is not a whole number of 512-byte sectors");
        }
        return bytes / SECTOR_BYTES;
    }

    public static long bytes(long sectors) {
        if (sectors < 0 || sectors > Long.MAX_VALUE / SECTOR_BYTES) {
            throw new IllegalArgumentException(sectors + " sectors is not a byte count a long can hold");
        }
        return sectors * SECTOR_BYTES;
    }

    public static long roundUp(long value, long unit) {
        if (value < 0 || unit <= 0) {
            throw new IllegalArgumentException("cannot round " + value + " up to a multiple of " + unit);
        }
        long remainder = value % unit;
        return remainder == 0 ? value : Math.addExact(value, unit - remainder);
    }

    public static long roundUpToExtent(long bytes) {
        return roundUp(bytes, EXTENT_BYTES);
    }

    /** The LV size of a leg whose mirror must carry {@code mirrorDataBytes}: the raid metadata part in front, whole extents. */
    public static long legBytes(long mirrorDataBytes) {
        if (mirrorDataBytes <= 0) {
            throw new IllegalArgumentException("a mirror must carry some data, got " + mirrorDataBytes + " bytes");
        }
        return roundUpToExtent(Math.addExact(mirrorDataBytes, RAID_META_PART_BYTES));
    }

    public static long raidMetaPartSectors() {
        return sectors(RAID_META_PART_BYTES);
    }

    /** The length of a leg's raid data part, which is also the length of its mirror. */
    public static long raidDataPartSectors(long legBytes) {
        long legSectors = sectors(legBytes);
        if (legSectors <= raidMetaPartSectors()) {
            throw new IllegalArgumentException("a leg of " + legBytes + " bytes leaves no room after its "
                    + RAID_META_PART_BYTES + "-byte raid metadata part");
        }
        return legSectors - raidMetaPartSectors();
    }

    /**
     * Thin metadata for a pool of {@code dataBytes} in blocks of {@code blockSectors}: 48 bytes per
     * block, at least 2 MiB, whole extents, and no more than the kernel will use.
     */
    public static long thinMetadataBytes(long dataBytes, long blockSectors) {
        if (dataBytes <= 0 || blockSectors <= 0) {
            throw new IllegalArgumentException("thin metadata for " + dataBytes + " bytes in blocks of " + blockSectors
                    + " sectors");
        }
        long blockBytes = bytes(blockSectors);
        long blocks = dataBytes / blockBytes + (dataBytes % blockBytes == 0 ? 0 : 1);
        long needed = Math.max(Math.multiplyExact(blocks, THIN_METADATA_BYTES_PER_BLOCK), THIN_METADATA_MIN_BYTES);
        return Math.min(roundUpToExtent(needed), THIN_METADATA_MAX_BYTES / EXTENT_BYTES * EXTENT_BYTES);
    }

    /** The striped device's length must be a multiple of stripes × chunk; a size is rounded up to it. */
    public static long roundUpToStripes(long bytes, int stripes, long chunkSectors) {
        if (stripes < 1 || chunkSectors < 1) {
            throw new IllegalArgumentException(stripes + " stripes of " + chunkSectors + " sectors");
        }
        return roundUp(bytes, Math.multiplyExact(bytes(chunkSectors), stripes));
    }

    /**
     * What must read as zeros on a new leg before its first use, and never be zeroed again: the
     * dm-raid superblock at the head (a stale one from an earlier LV on the same extents would be
     * taken as this mirror's state) and, for a leg of a metadata mirror, the thin-pool
     * superblock at the head of the raid data part (the pool formats itself only over zeros, and
     * would otherwise open a deleted dlv's metadata). A {@code nosync} mirror copies nothing, so
     * every leg needs it.
     */
    public static List<ByteRange> zeroRangesOfNewLeg(boolean holdsPoolMetadata) {
        ByteRange raidSuperblock = new ByteRange(0, 4 * KIB);
        if (!holdsPoolMetadata) {
            return List.of(raidSuperblock);
        }
        return List.of(raidSuperblock, new ByteRange(RAID_META_PART_BYTES, THIN_SUPERBLOCK_BYTES));
    }
}
