package org.dlvm.worker;

import java.util.ArrayList;
import java.util.List;

import org.dlvm.api.DlvmException;

/**
 * The sizes of a dlv's pieces, as pure functions. A dlv of {@code size} bytes striped over N
 * members gives each member {@code size / N} bytes of virtual size (whole 4 MiB extents, which
 * any stripe chunk and thin block divides). Each member's pool has one metadata mirror sized
 * for the member's whole virtual size, so thin provisioning never needs more metadata, and
 * data mirrors whose raid data parts add up to the member's share of {@code data_size}.
 * Every leg carries the raid's own metadata in its first 4 MiB.
 */
final class DlvGeometry {
    static final long MIB = 1024 * 1024;
    static final long EXTENT_BYTES = 4 * MIB;
    static final long RAID_META_PART_BYTES = 4 * MIB;
    static final long THIN_METADATA_BYTES_PER_BLOCK = 48;
    static final long THIN_METADATA_MIN_BYTES = 2 * MIB;
    /** The kernel uses at most this much thin-pool metadata (dm-thin's limit, 16 GiB less a bit). */
    static final long THIN_METADATA_MAX_BYTES = 255L * (1 << 14) * 8 * 512;
    static final int MAX_STRIPES = 64;
    /** 1: one copy, no mirror (one machine alone); 2 and 3 mirror each leg on distinct dpvs. */
    static final int MIN_REPLICAS = 1;
    static final int MAX_REPLICAS = 3;
    static final long MAX_SIZE = 1L << 50;

    private DlvGeometry() {
    }

    /** One mirror to place: stripe member, kind (meta/data), index within that kind, and its legs' size. */
    record MirrorPlan(int member, String kind, int mirror, long legBytes) {
    }

    static void checkShape(int stripes, int replicas) {
        if (stripes < 1 || stripes > MAX_STRIPES) {
            throw DlvmException.invalid("out_of_range", "stripe_number must be between 1 and " + MAX_STRIPES + ", got "
                    + stripes);
        }
        if (replicas < MIN_REPLICAS || replicas > MAX_REPLICAS) {
            throw DlvmException.invalid("out_of_range", "replicas must be between " + MIN_REPLICAS + " and "
                    + MAX_REPLICAS + " (1: one copy, unmirrored), got " + replicas);
        }
    }

    /** The size a request gets: whole extents per stripe member. */
    static long roundedSize(String field, long size, int stripes) {
        if (size <= 0 || size > MAX_SIZE) {
            throw DlvmException.invalid("out_of_range", field + " must be between 1 and " + MAX_SIZE + " bytes, got " + size);
        }
        return roundUp(size, EXTENT_BYTES * stripes);
    }

    static long memberBytes(long size, int stripes) {
        return size / stripes;
    }

    static long thinMetadataBytes(long memberBytes, long blockSectors) {
        long blockBytes = blockSectors * 512;
        long blocks = (memberBytes + blockBytes - 1) / blockBytes;
        long needed = Math.max(blocks * THIN_METADATA_BYTES_PER_BLOCK, THIN_METADATA_MIN_BYTES);
        return Math.min(roundUp(needed, EXTENT_BYTES), THIN_METADATA_MAX_BYTES / EXTENT_BYTES * EXTENT_BYTES);
    }

    /** The legs of a new dlv: per member one metadata mirror and one data mirror. */
    static List<MirrorPlan> newDlv(long size, long dataSize, int stripes, long blockSectors) {
        long member = memberBytes(size, stripes);
        long memberData = dataSize / stripes;
        List<MirrorPlan> plans = new ArrayList<>();
        for (int m = 0; m < stripes; m++) {
            plans.add(new MirrorPlan(m, "meta", 0, thinMetadataBytes(member, blockSectors) + RAID_META_PART_BYTES));
            plans.add(new MirrorPlan(m, "data", 0, memberData + RAID_META_PART_BYTES));
        }
        return plans;
    }

    /**
     * The legs that grow a dlv from {@code size} to {@code newSize}: per member one more data
     * mirror carrying the member's growth (the pool keeps its headroom), and one more metadata
     * mirror when the larger virtual size needs more thin metadata than the member has.
     */
    static List<MirrorPlan> extension(long size, long newSize, int stripes, long blockSectors,
            List<Long> metaBytesPerMember, List<Integer> dataMirrorsPerMember, List<Integer> metaMirrorsPerMember) {
        long delta = memberBytes(newSize, stripes) - memberBytes(size, stripes);
        long neededMeta = thinMetadataBytes(memberBytes(newSize, stripes), blockSectors);
        List<MirrorPlan> plans = new ArrayList<>();
        for (int m = 0; m < stripes; m++) {
            long missingMeta = neededMeta - metaBytesPerMember.get(m);
            if (missingMeta > 0) {
                plans.add(new MirrorPlan(m, "meta", metaMirrorsPerMember.get(m),
                        roundUp(missingMeta, EXTENT_BYTES) + RAID_META_PART_BYTES));
            }
            plans.add(new MirrorPlan(m, "data", dataMirrorsPerMember.get(m), delta + RAID_META_PART_BYTES));
        }
        return plans;
    }

    /** The least a thin dlv's data grows by per stripe member, so that a busy pool does not grow in tiny steps. */
    static final long MIN_DATA_GROWTH_BYTES = 64 * MIB;

    /**
     * More data for a thin dlv whose pools run low: per member one more data mirror that doubles
     * the member's data (at least {@link #MIN_DATA_GROWTH_BYTES}), never past its virtual size.
     * Empty when the data already covers the virtual size.
     */
    static List<MirrorPlan> dataGrowth(long size, long dataSize, int stripes, List<Integer> dataMirrorsPerMember) {
        long member = memberBytes(size, stripes);
        long memberData = memberBytes(dataSize, stripes);
        long step = Math.min(member - memberData, roundUp(Math.max(memberData, MIN_DATA_GROWTH_BYTES), EXTENT_BYTES));
        List<MirrorPlan> plans = new ArrayList<>();
        if (step <= 0) {
            return plans;
        }
        for (int m = 0; m < stripes; m++) {
            plans.add(new MirrorPlan(m, "data", dataMirrorsPerMember.get(m), step + RAID_META_PART_BYTES));
        }
        return plans;
    }

    /** The bytes a leg of {@code legBytes} gives its mirror. */
    static long carriedBytes(long legBytes) {
        return legBytes - RAID_META_PART_BYTES;
    }

    static long roundUp(long value, long unit) {
        long r = value % unit;
        return r == 0 ? value : Math.addExact(value, unit - r);
    }
}
