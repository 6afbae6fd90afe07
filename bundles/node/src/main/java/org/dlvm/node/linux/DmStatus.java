package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.dlvm.node.NodeException;

/**
 * Parsers for the lines of {@code dmsetup status <device>} ({@code <start> <length> <target> ...}),
 * which the health watcher reads periodically: a dead raid leg, a pool running out of space and
 * a failed pool are all read from here.
 */
public final class DmStatus {
    private DmStatus() {
    }

    /** One character of a raid status: the state of one leg. */
    public enum LegHealth {
        /** 'A': alive and in sync. */
        IN_SYNC,
        /** 'a': alive, being resynchronised or rebuilt. */
        SYNCING,
        /** 'D': failed; the array runs without it. */
        DEAD,
        /** '-': given as "- -" in the table, or its device is gone. */
        MISSING;

        static LegHealth of(char c) throws NodeException {
            return switch (c) {
                case 'A' -> IN_SYNC;
                case 'a' -> SYNCING;
                case 'D' -> DEAD;
                case '-' -> MISSING;
                default -> throw new NodeException("unknown raid leg health '" + c + "'");
            };
        }
    }

    /**
     * {@code <start> <len> raid <type> <#legs> <health chars> <synced>/<total> <sync_action> <mismatch_cnt>
     * [<data_offset> [<journal>]]}. The ratio measures the process named by the action ("recover"
     * while a leg is rebuilt, "resync" after an unclean stop, "idle" when nothing runs).
     */
    public record RaidStatus(long start, long lengthSectors, String raidType, List<LegHealth> legs,
            long syncedSectors, long totalSectors, String syncAction, long mismatchCount) {
        public RaidStatus {
            legs = List.copyOf(legs);
        }

        /** Every leg in sync and nothing running: the mirror has its full redundancy. */
        public boolean isHealthy() {
            return legs.stream().allMatch(h -> h == LegHealth.IN_SYNC) && "idle".equals(syncAction);
        }

        /** Legs that need replacing: dead or missing. */
        public List<Integer> failedLegs() {
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < legs.size(); i++) {
                if (legs.get(i) == LegHealth.DEAD || legs.get(i) == LegHealth.MISSING) {
                    failed.add(i);
                }
            }
            return failed;
        }

        public double syncFraction() {
            return totalSectors == 0 ? 1.0 : (double) syncedSectors / totalSectors;
        }
    }

    /** Pool modes as the kernel reports them; FAIL and ERROR carry no usage figures. */
    public enum PoolMode {
        READ_WRITE,
        /** "ro": metadata trouble or out of metadata space; no new blocks can be provisioned. */
        READ_ONLY,
        /** Data space exhausted: writes to unprovisioned blocks queue or fail until the pool grows. */
        OUT_OF_DATA_SPACE,
        /** "Fail": the pool gave up; every I/O errors. */
        FAIL,
        /** "Error": the kernel could not read the pool's metadata to report. */
        ERROR
    }

    /**
     * {@code <start> <len> thin-pool <transaction_id> <used_meta>/<total_meta> <used_data>/<total_data>
     * <held_metadata_root> ro|rw|out_of_data_space [no_]discard_passdown|ignore_discard
     * error_if_no_space|queue_if_no_space needs_check|- [<metadata_low_watermark>]}, or {@code Fail}
     * / {@code Error} after the target name. Block counts are in the pool's own units (metadata
     * blocks of 4 KiB, data blocks of the pool's block size).
     */
    public record ThinPoolStatus(long start, long lengthSectors, PoolMode mode, long transactionId,
            long usedMetadataBlocks, long totalMetadataBlocks, long usedDataBlocks, long totalDataBlocks,
            boolean errorIfNoSpace, boolean needsCheck) {
        public boolean reportsUsage() {
            return mode != PoolMode.FAIL && mode != PoolMode.ERROR;
        }

        public long freeDataBlocks() {
            return totalDataBlocks - usedDataBlocks;
        }

        public long freeMetadataBlocks() {
            return totalMetadataBlocks - usedMetadataBlocks;
        }

        /** Whether the pool should grow: at or under the low water mark (in data blocks), or full. */
        public boolean needsMoreData(long lowWaterBlocks) {
            return mode == PoolMode.OUT_OF_DATA_SPACE || (reportsUsage() && freeDataBlocks() <= lowWaterBlocks);
        }
    }

    /**
     * {@code <start> <len> thin <mapped_sectors> <highest_mapped_sector>|-}, or {@code Fail} / {@code Error}
     * when the pool has failed.
     */
    public record ThinStatus(long start, long lengthSectors, boolean failed, long mappedSectors,
            OptionalLong highestMappedSector) {
    }

    public static RaidStatus parseRaid(String line) throws NodeException {
        String[] f = fields(line, "raid", 9);
        try {
            int count = Integer.parseInt(f[4]);
            String health = f[5];
            if (health.length() != count) {
                throw new NodeException("raid status lists " + count + " legs but " + health.length()
                        + " health characters: '" + line.trim() + "'");
            }
            List<LegHealth> legs = new ArrayList<>();
            for (char c : health.toCharArray()) {
                legs.add(LegHealth.of(c));
            }
            long[] ratio = ratio(f[6], line);
            return new RaidStatus(Long.parseLong(f[0]), Long.parseLong(f[1]), f[3], legs, ratio[0], ratio[1], f[7],
                    Long.parseLong(f[8]));
        } catch (NumberFormatException e) {
            throw malformed("raid", line, e);
        }
    }

    public static ThinPoolStatus parseThinPool(String line) throws NodeException {
        String[] f = fields(line, "thin-pool", 4);
        try {
            long start = Long.parseLong(f[0]);
            long length = Long.parseLong(f[1]);
            if (f[3].equals("Fail") || f[3].equals("Error")) {
                return new ThinPoolStatus(start, length, f[3].equals("Fail") ? PoolMode.FAIL : PoolMode.ERROR, 0, 0, 0, 0,
                        0, false, false);
            }
            if (f.length < 8) {
                throw new NodeException("thin-pool status too short: '" + line.trim() + "'");
            }
            long[] metadata = ratio(f[4], line);
            long[] data = ratio(f[5], line);
            PoolMode mode = switch (f[7]) {
                case "rw" -> PoolMode.READ_WRITE;
                case "ro" -> PoolMode.READ_ONLY;
                case "out_of_data_space" -> PoolMode.OUT_OF_DATA_SPACE;
                default -> throw new NodeException("unknown thin-pool mode '" + f[7] + "': '" + line.trim() + "'");
            };
            boolean errorIfNoSpace = f.length > 9 && f[9].equals("error_if_no_space");
            boolean needsCheck = f.length > 10 && f[10].equals("needs_check");
            return new ThinPoolStatus(start, length, mode, Long.parseLong(f[3]), metadata[0], metadata[1], data[0], data[1],
                    errorIfNoSpace, needsCheck);
        } catch (NumberFormatException e) {
            throw malformed("thin-pool", line, e);
        }
    }

    public static ThinStatus parseThin(String line) throws NodeException {
        String[] f = fields(line, "thin", 4);
        try {
            long start = Long.parseLong(f[0]);
            long length = Long.parseLong(f[1]);
            if (f[3].equals("Fail") || f[3].equals("Error")) {
                return new ThinStatus(start, length, true, 0, OptionalLong.empty());
            }
            if (f.length < 5) {
                throw new NodeException("thin status too short: '" + line.trim() + "'");
            }
            OptionalLong highest = f[4].equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(f[4]));
            return new ThinStatus(start, length, false, Long.parseLong(f[3]), highest);
        } catch (NumberFormatException e) {
            throw malformed("thin", line, e);
        }
    }

    /**
     * The status lines by device of a {@code dmsetup status --target T}. dmsetup lists the devices,
     * then asks each for its status: one removed in between (another dlv's teardown) fails its
     * ioctl with "Device does not exist." and the command with exit 1, yet every other device is
     * printed. Such a device is gone, so it is left out rather than failing the whole probe (the
     * solo lab, 2026-12-07: a clone taken down while the source was probed turned the source
     * degraded, and an extend of it was refused).
     */
    static Map<String, List<String>> byDevice(CommandResult result) throws NodeException {
        if (!result.succeeded() && (result.exitCode() != 1 || !onlyVanishedDevices(result.stderr()))) {
            throw new NodeException(result.failureMessage());
        }
        return byDevice(result.stdout());
    }

    private static boolean onlyVanishedDevices(String stderr) {
        List<String> lines = stderr.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        return lines.contains("Device does not exist.")
                && lines.stream().allMatch(l -> l.equals("Device does not exist.") || l.equals("Command failed."));
    }

    /**
     * Splits the output of {@code dmsetup status} without a device (every device, each line
     * {@code <name>: <status line>}) into each device's lines, in order.
     */
    public static Map<String, List<String>> byDevice(String output) throws NodeException {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank() || line.trim().equals("No devices found")) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new NodeException("unexpected line from dmsetup status: '" + line.trim() + "'");
            }
            lines.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 2).trim());
        }
        return lines;
    }

    private static String[] fields(String line, String target, int minimum) throws NodeException {
        if (line == null) {
            throw new NodeException("no " + target + " status line");
        }
        String[] f = line.trim().split("\\s+");
        if (f.length < 3 || !f[2].equals(target)) {
            throw new NodeException("not a " + target + " status line: '" + line.trim() + "'");
        }
        if (f.length < minimum) {
            throw new NodeException(target + " status too short: '" + line.trim() + "'");
        }
        return f;
    }

    private static long[] ratio(String field, String line) throws NodeException {
        int slash = field.indexOf('/');
        if (slash <= 0) {
            throw new NodeException("expected <n>/<total> but found '" + field + "' in '" + line.trim() + "'");
        }
        return new long[] {Long.parseLong(field.substring(0, slash)), Long.parseLong(field.substring(slash + 1))};
    }

    private static NodeException malformed(String target, String line, NumberFormatException e) {
        return new NodeException("malformed " + target + " status: '" + line.trim() + "'", e);
    }
}
