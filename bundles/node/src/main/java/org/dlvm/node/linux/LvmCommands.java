package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;

/** LVM command lines and the parsing of their output. */
public final class LvmCommands {
    /** LVM's own rule for VG names; a leading '-' would be read as an option. */
    private static final Pattern VG_NAME = Pattern.compile("^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$");

    private LvmCommands() {
    }

    public static boolean isValidVgName(String vg) {
        return vg != null && VG_NAME.matcher(vg).matches() && !vg.equals(".") && !vg.equals("..");
    }

    public static List<String> vgsCommand(String vg) {
        if (!isValidVgName(vg)) {
            throw new IllegalArgumentException("invalid volume group name '" + vg + "'");
        }
        return List.of("lvm", "vgs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":",
                "-o", "vg_name,vg_size,vg_free", vg);
    }

    /** One VG per line, {@code name:size:free} in bytes, indented by LVM. */
    public static List<VolumeGroupInfo> parseVgs(String output) throws NodeException {
        return parseReport(output, "vgs", f -> new VolumeGroupInfo(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
    }

    private interface Row<T> {
        T of(String[] fields);
    }

    /** LVM's reports as asked for here: one object per line, three fields split by ':', indented. */
    private static <T> List<T> parseReport(String output, String command, Row<T> row) throws NodeException {
        List<T> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split(":");
            if (fields.length != 3) {
                throw new NodeException("unexpected line from lvm " + command + ": '" + trimmed + "'");
            }
            try {
                rows.add(row.of(fields));
            } catch (NumberFormatException e) {
                throw new NodeException("unexpected size from lvm " + command + ": '" + trimmed + "'", e);
            }
        }
        return rows;
    }

    /**
     * Creates a leg's LV without a question: {@code -Wn} skips signature wiping (which prompts),
     * {@code -y} answers any other prompt, and {@code -Zy} zeroes the first 4 KiB, where the
     * mirror's dm-raid superblock will live: a stale one left on the same extents by an earlier
     * leg would otherwise be read as this mirror's state.
     */
    public static List<String> lvcreateCommand(String vg, String lv, long bytes) {
        checkVg(vg);
        checkDlvmLv(lv);
        if (bytes <= 0 || bytes % Sizes.SECTOR_BYTES != 0) {
            throw new IllegalArgumentException("LV size " + bytes + " bytes: must be a positive multiple of 512");
        }
        return List.of("lvm", "lvcreate", "-n", lv, "-L", bytes + "b", "-y", "-Zy", "-Wn", vg);
    }

    /** Removes only DLVM's LVs: cleanup must never reach an LV it did not make (REFERENCE §9 item 6). */
    public static List<String> lvremoveCommand(String vg, String lv) {
        checkVg(vg);
        checkDlvmLv(lv);
        return List.of("lvm", "lvremove", "-f", vg + "/" + lv);
    }

    public static List<String> lvsCommand(String vg) {
        checkVg(vg);
        return List.of("lvm", "lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o",
                "lv_name,lv_size,lv_attr", vg);
    }

    /** One LV per line, {@code name:size:attr}, size in bytes, indented by LVM. */
    public static List<LogicalVolumeInfo> parseLvs(String output) throws NodeException {
        return parseReport(output, "lvs", f -> new LogicalVolumeInfo(f[0], Long.parseLong(f[1]), f[2]));
    }

    /** The LVs that are legs DLVM made, the only ones its cleanup may consider. */
    public static List<LogicalVolumeInfo> dlvmLegVolumes(Collection<LogicalVolumeInfo> volumes) {
        return volumes.stream()
                .filter(v -> KernelNames.isDlvmName(v.name()) && KernelNames.legOfVolume(v.name()).isPresent())
                .toList();
    }

    private static void checkVg(String vg) {
        if (!isValidVgName(vg)) {
            throw new IllegalArgumentException("invalid volume group name '" + vg + "'");
        }
    }

    private static void checkDlvmLv(String lv) {
        if (!KernelNames.isDlvmName(lv) || KernelNames.legOfVolume(lv).isEmpty()) {
            throw new IllegalArgumentException("'" + lv + "' is not the LV of a DLVM leg (dlvm-<leg>)");
        }
    }
}
