package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlvm.node.NodeException;
import org.dlvm.node.linux.DmTables.Raid1Table;
import org.dlvm.node.linux.DmTables.RaidLeg;

/**
 * Tables as {@code dmsetup table} prints them, so that a live device can be compared with the
 * table DLVM computes for it: the kernel names devices by {@code major:minor}, separates fields
 * by one blank (sometimes leaving one at the end), and prints raid options in its own order.
 */
final class KernelTableForm {
    /** A device path's {@code major:minor}. */
    @FunctionalInterface
    interface DeviceNumbers {
        String of(String devicePath) throws NodeException;
    }

    /** How a live table stands to the one computed for the device. */
    enum Comparison {
        SAME,
        /** Only longer: the same lines with a larger length, or the same segments and more after them. */
        GROWN,
        DIFFERENT
    }

    private KernelTableForm() {
    }

    /** The computed table with every device path replaced by its number. */
    static String of(String table, DeviceNumbers numbers) throws NodeException {
        List<String> lines = new ArrayList<>();
        for (String line : clean(table).split("\n")) {
            String[] fields = line.split(" ");
            for (int i = 0; i < fields.length; i++) {
                // only devices start with '/' in a table DmTables writes
                if (fields[i].startsWith("/")) {
                    fields[i] = numbers.of(fields[i]);
                }
            }
            lines.add(String.join(" ", fields));
        }
        return String.join("\n", lines);
    }

    /** {@code dmsetup table} output with blanks collapsed and empty lines dropped. */
    static String clean(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                lines.add(String.join(" ", trimmed.split("\\s+")));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * Compares the live table with the computed one (both in kernel form). A mirror is the same
     * mirror whatever its start-up options ({@code nosync} on a mirror made fresh, which the table
     * keeps; {@code rebuild} after a repair) and whichever legs either side lacks: a leg that came
     * back after the mirror started degraded joins only through a repair, not through assembly.
     */
    static Comparison compare(String live, String computed) throws NodeException {
        if (live.equals(computed)) {
            return Comparison.SAME;
        }
        if (isRaid(live) && isRaid(computed)) {
            return sameMirror(DmTables.parseRaid1(live), DmTables.parseRaid1(computed)) ? Comparison.SAME
                    : Comparison.DIFFERENT;
        }
        List<String> liveLines = Arrays.asList(live.split("\n"));
        List<String> computedLines = Arrays.asList(computed.split("\n"));
        if (liveLines.size() < computedLines.size() && computedLines.subList(0, liveLines.size()).equals(liveLines)) {
            return Comparison.GROWN;
        }
        if (liveLines.size() == 1 && computedLines.size() == 1) {
            String[] l = live.split(" ");
            String[] c = computed.split(" ");
            if (l.length == c.length && l.length > 2 && l[0].equals("0") && c[0].equals("0")) {
                boolean restEqual = Arrays.equals(l, 2, l.length, c, 2, c.length);
                if (restEqual && Long.parseLong(c[1]) > Long.parseLong(l[1])) {
                    return Comparison.GROWN;
                }
            }
        }
        return Comparison.DIFFERENT;
    }

    private static boolean isRaid(String table) {
        String[] f = table.split(" ");
        return !table.contains("\n") && f.length > 3 && f[2].equals("raid");
    }

    private static boolean sameMirror(Raid1Table live, Raid1Table computed) {
        if (live.lengthSectors() != computed.lengthSectors() || live.regionSectors() != computed.regionSectors()
                || live.legs().size() != computed.legs().size()) {
            return false;
        }
        for (int i = 0; i < live.legs().size(); i++) {
            RaidLeg a = live.legs().get(i);
            RaidLeg b = computed.legs().get(i);
            if (!a.isMissing() && !b.isMissing() && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }
}
