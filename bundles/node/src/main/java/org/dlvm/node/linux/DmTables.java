package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;

/**
 * device-mapper table lines, lengths and offsets in 512-byte sectors. Each builder checks what
 * the kernel would refuse (or, worse, accept and mis-handle) and says why in its exception, so a
 * bad size fails in the agent with a clear message instead of as EINVAL from an ioctl.
 */
public final class DmTables {
    /** dm-raid's MAX_RAID_DEVICES. */
    public static final int MAX_RAID_LEGS = 253;
    /** dm-thin: data block sizes are multiples of 64 KiB, from 64 KiB to 1 GiB. */
    public static final long THIN_BLOCK_GRANULE_SECTORS = 128;
    public static final long THIN_BLOCK_MAX_SECTORS = 2_097_152;
    /** Thin device ids are 24-bit. */
    public static final long MAX_THIN_ID = (1L << 24) - 1;
    /** A chunk under a page would split every 4 KiB I/O across stripes (and 4Kn disks refuse it). */
    public static final long STRIPE_CHUNK_GRANULE_SECTORS = 8;

    /** Devices go into a space-separated line: a path (or major:minor) without blanks. */
    private static final Pattern DEVICE = Pattern.compile("^(/[^\\s\\x00-\\x1f\\x7f]+|[0-9]+:[0-9]+)$");

    /** One piece of a concatenation: the whole of {@code device}, {@code lengthSectors} long. */
    public record Segment(String device, long lengthSectors) {
    }

    /**
     * One leg of a raid1: its metadata part and its data part, both null for a missing leg (the
     * array then runs degraded, and the leg can be put back later by reload with {@code rebuild}).
     */
    public record RaidLeg(String metadataDevice, String dataDevice) {
        public static RaidLeg missing() {
            return new RaidLeg(null, null);
        }

        public boolean isMissing() {
            return metadataDevice == null && dataDevice == null;
        }
    }

    /**
     * A raid1 table line read back: what a live mirror is compared by. Its options are kept by
     * meaning, not position, because the kernel prints them in its own order ({@code nosync}
     * and {@code rebuild} before {@code region_size}), not in the order they were given.
     */
    public record Raid1Table(long lengthSectors, long regionSectors, boolean nosync, List<Integer> rebuild,
            List<RaidLeg> legs) {
        public Raid1Table {
            rebuild = List.copyOf(rebuild);
            legs = List.copyOf(legs);
        }

        public List<Integer> missingLegs() {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < legs.size(); i++) {
                if (legs.get(i).isMissing()) {
                    missing.add(i);
                }
            }
            return missing;
        }
    }

    private DmTables() {
    }

    public static String linear(long lengthSectors, String device, long offsetSectors) {
        checkLength(lengthSectors);
        if (offsetSectors < 0) {
            throw new IllegalArgumentException("negative offset " + offsetSectors + " on " + device);
        }
        return "0 " + lengthSectors + " linear " + checkDevice(device) + " " + offsetSectors;
    }

    /** Several devices end to end, one line each; each line starts where the previous one ends. */
    public static String concat(List<Segment> segments) {
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("a concatenation needs at least one segment");
        }
        List<String> lines = new ArrayList<>();
        long start = 0;
        for (Segment segment : segments) {
            checkLength(segment.lengthSectors());
            lines.add(start + " " + segment.lengthSectors() + " linear " + checkDevice(segment.device()) + " 0");
            start = Math.addExact(start, segment.lengthSectors());
        }
        return String.join("\n", lines);
    }

    /**
     * dm-stripe over whole devices. The kernel refuses a length that is not a multiple of
     * stripes × chunk; the original never checked it (REFERENCE §9 item 9), so it is checked here
     * where the numbers are still known.
     */
    public static String striped(long lengthSectors, long chunkSectors, List<String> devices) {
        checkLength(lengthSectors);
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("a striped device needs at least one device");
        }
        if (chunkSectors <= 0 || chunkSectors % STRIPE_CHUNK_GRANULE_SECTORS != 0) {
            throw new IllegalArgumentException("stripe chunk of " + chunkSectors + " sectors: must be a positive multiple of "
                    + STRIPE_CHUNK_GRANULE_SECTORS + " (4 KiB)");
        }
        long unit = Math.multiplyExact(chunkSectors, devices.size());
        if (lengthSectors % unit != 0) {
            throw new IllegalArgumentException("striped length " + lengthSectors + " is not a multiple of " + devices.size()
                    + " stripes × " + chunkSectors + " sectors = " + unit);
        }
        StringBuilder line = new StringBuilder("0 " + lengthSectors + " striped " + devices.size() + " " + chunkSectors);
        for (String device : devices) {
            line.append(' ').append(checkDevice(device)).append(" 0");
        }
        return line.toString();
    }

    /**
     * dm-raid raid1 with kernel-managed metadata (superblock and write-intent bitmap on each
     * leg's metadata part): {@code nosync} for a brand-new mirror whose legs need no initial
     * copy, {@code rebuild <idx>} to rebuild a replaced leg from the others. The count after
     * {@code raid1} is the number of raid parameters, chunk size included.
     */
    public static String raid1(long lengthSectors, long regionSectors, List<RaidLeg> legs, boolean nosync,
            Integer rebuildIndex) {
        checkLength(lengthSectors);
        if (legs == null || legs.size() < 2 || legs.size() > MAX_RAID_LEGS) {
            throw new IllegalArgumentException("raid1 needs 2 to " + MAX_RAID_LEGS + " legs, got "
                    + (legs == null ? 0 : legs.size()));
        }
        if (regionSectors <= 0 || Long.bitCount(regionSectors) != 1) {
            throw new IllegalArgumentException("raid1 region size " + regionSectors + " sectors: must be a power of 2");
        }
        if (regionSectors > lengthSectors) {
            throw new IllegalArgumentException("raid1 region size " + regionSectors + " sectors exceeds the length "
                    + lengthSectors);
        }
        // the kernel's minimum: the bitmap holds at most 2^21 regions
        if (regionSectors < lengthSectors >> 21) {
            throw new IllegalArgumentException("raid1 region size " + regionSectors + " sectors is below the minimum "
                    + (lengthSectors >> 21) + " for " + lengthSectors + " sectors");
        }
        int present = 0;
        for (int i = 0; i < legs.size(); i++) {
            RaidLeg leg = legs.get(i);
            if (leg == null) {
                throw new IllegalArgumentException("raid1 leg " + i + " is null: use RaidLeg.missing()");
            }
            if (leg.isMissing()) {
                continue;
            }
            // DLVM's mirrors keep state on every leg; a half leg would be rejected or silently lose its bitmap
            if (leg.metadataDevice() == null || leg.dataDevice() == null) {
                throw new IllegalArgumentException("raid1 leg " + i + " has only one of its metadata and data parts");
            }
            checkDevice(leg.metadataDevice());
            checkDevice(leg.dataDevice());
            present++;
        }
        if (present == 0) {
            throw new IllegalArgumentException("raid1 with every leg missing: use an error table instead");
        }
        if (rebuildIndex != null) {
            if (nosync) {
                throw new IllegalArgumentException("raid1 with both nosync and rebuild: a rebuilt leg must be copied");
            }
            if (rebuildIndex < 0 || rebuildIndex >= legs.size()) {
                throw new IllegalArgumentException("raid1 rebuild index " + rebuildIndex + " out of range [0, "
                        + legs.size() + ")");
            }
            if (legs.get(rebuildIndex).isMissing()) {
                throw new IllegalArgumentException("raid1 rebuild index " + rebuildIndex + " names a missing leg");
            }
            if (present < 2) {
                throw new IllegalArgumentException("raid1 rebuild of leg " + rebuildIndex + " needs another present leg");
            }
        }
        List<String> params = new ArrayList<>(List.of("0", "region_size", Long.toString(regionSectors)));
        if (nosync) {
            params.add("nosync");
        }
        if (rebuildIndex != null) {
            params.add("rebuild");
            params.add(Integer.toString(rebuildIndex));
        }
        StringBuilder line = new StringBuilder("0 " + lengthSectors + " raid raid1 " + params.size() + " "
                + String.join(" ", params) + " " + legs.size());
        for (RaidLeg leg : legs) {
            line.append(' ').append(leg.isMissing() ? "-" : leg.metadataDevice())
                    .append(' ').append(leg.isMissing() ? "-" : leg.dataDevice());
        }
        return line.toString();
    }

    /**
     * dm thin-pool. The feature count is always written, as the kernel reports it in
     * {@code dmsetup table}, so a loaded table can be compared with the computed one.
     * {@code skipZeroing} leaves newly provisioned blocks with whatever the legs held before,
     * which may be another dlv's data: only for legs known to be zeroed.
     */
    public static String thinPool(long lengthSectors, String metadataDevice, String dataDevice, long blockSectors,
            long lowWaterBlocks, boolean skipZeroing, boolean errorIfNoSpace) {
        checkLength(lengthSectors);
        if (blockSectors < THIN_BLOCK_GRANULE_SECTORS || blockSectors > THIN_BLOCK_MAX_SECTORS
                || blockSectors % THIN_BLOCK_GRANULE_SECTORS != 0) {
            throw new IllegalArgumentException("thin-pool block size " + blockSectors + " sectors: must be a multiple of "
                    + THIN_BLOCK_GRANULE_SECTORS + " (64 KiB) between " + THIN_BLOCK_GRANULE_SECTORS + " and "
                    + THIN_BLOCK_MAX_SECTORS);
        }
        if (lengthSectors % blockSectors != 0) {
            throw new IllegalArgumentException("thin-pool length " + lengthSectors + " is not a multiple of the block size "
                    + blockSectors + ": the tail would be unusable");
        }
        if (lowWaterBlocks < 0) {
            throw new IllegalArgumentException("negative thin-pool low water mark " + lowWaterBlocks);
        }
        List<String> features = new ArrayList<>();
        // the kernel's own order in its table output
        if (skipZeroing) {
            features.add("skip_block_zeroing");
        }
        if (errorIfNoSpace) {
            features.add("error_if_no_space");
        }
        StringBuilder line = new StringBuilder("0 " + lengthSectors + " thin-pool " + checkDevice(metadataDevice) + " "
                + checkDevice(dataDevice) + " " + blockSectors + " " + lowWaterBlocks + " " + features.size());
        for (String feature : features) {
            line.append(' ').append(feature);
        }
        return line.toString();
    }

    /**
     * One raid1 line, as {@link #raid1} writes it or as {@code dmsetup table} prints it:
     * {@code <start> <len> raid raid1 <#params> <chunk> [nosync|sync] [rebuild <i>]... [region_size <n>]
     * <#legs> (<meta> <data>|- -)...}. Options DLVM never gives are refused: a mirror carrying them was
     * not made by DLVM.
     */
    public static Raid1Table parseRaid1(String line) throws NodeException {
        String[] f = line == null ? new String[0] : line.trim().split("\\s+");
        if (f.length < 6 || !f[2].equals("raid") || !f[3].equals("raid1")) {
            throw new NodeException("not a raid1 table: '" + line + "'");
        }
        try {
            if (!f[0].equals("0")) {
                throw new NodeException("raid1 table does not start at sector 0: '" + line.trim() + "'");
            }
            long length = Long.parseLong(f[1]);
            int paramCount = Integer.parseInt(f[4]);
            int legsAt = 5 + paramCount;
            if (paramCount < 1 || legsAt >= f.length) {
                throw new NodeException("raid1 table too short: '" + line.trim() + "'");
            }
            long region = 0;
            boolean nosync = false;
            List<Integer> rebuild = new ArrayList<>();
            // f[5] is the chunk size, meaningless for raid1
            for (int i = 6; i < legsAt; i++) {
                switch (f[i]) {
                    case "nosync" -> nosync = true;
                    case "sync" -> nosync = false;
                    case "region_size" -> region = Long.parseLong(argument(f, ++i, legsAt, line));
                    case "rebuild" -> rebuild.add(Integer.parseInt(argument(f, ++i, legsAt, line)));
                    default -> throw new NodeException("raid1 option '" + f[i] + "' is not one DLVM uses: '"
                            + line.trim() + "'");
                }
            }
            int legCount = Integer.parseInt(f[legsAt]);
            if (f.length != legsAt + 1 + 2 * legCount) {
                throw new NodeException("raid1 table lists " + legCount + " legs but has "
                        + (f.length - legsAt - 1) + " device fields: '" + line.trim() + "'");
            }
            List<RaidLeg> legs = new ArrayList<>();
            for (int j = 0; j < legCount; j++) {
                String meta = f[legsAt + 1 + 2 * j];
                String data = f[legsAt + 2 + 2 * j];
                legs.add(meta.equals("-") && data.equals("-") ? RaidLeg.missing()
                        : new RaidLeg(meta.equals("-") ? null : meta, data.equals("-") ? null : data));
            }
            return new Raid1Table(length, region, nosync, rebuild, legs);
        } catch (NumberFormatException e) {
            throw new NodeException("malformed raid1 table: '" + line.trim() + "'", e);
        }
    }

    private static String argument(String[] f, int i, int end, String line) throws NodeException {
        if (i >= end) {
            throw new NodeException("raid1 option '" + f[i - 1] + "' without its value: '" + line.trim() + "'");
        }
        return f[i];
    }

    public static String thin(long lengthSectors, String poolDevice, long thinId) {
        checkLength(lengthSectors);
        checkThinId(thinId);
        return "0 " + lengthSectors + " thin " + checkDevice(poolDevice) + " " + thinId;
    }

    /** Fails every I/O: stands in for a device whose legs are all gone, so the layers above stay loaded. */
    public static String error(long lengthSectors) {
        checkLength(lengthSectors);
        return "0 " + lengthSectors + " error";
    }

    static void checkThinId(long thinId) {
        if (thinId < 0 || thinId > MAX_THIN_ID) {
            throw new IllegalArgumentException("thin id " + thinId + " out of range [0, " + MAX_THIN_ID + "]");
        }
    }

    private static void checkLength(long lengthSectors) {
        if (lengthSectors <= 0) {
            throw new IllegalArgumentException("length must be positive, got " + lengthSectors + " sectors");
        }
    }

    private static String checkDevice(String device) {
        if (device == null || !DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("invalid device '" + device
                    + "' for a table: an absolute path without blanks, or major:minor");
        }
        return device;
    }
}
