package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;
import org.dlvm.node.VolumeGroupInfo;

/** LVM command lines and the parsing of their output. */
public final class LvmCommands {
    /**
     * Marks a leg's LV from its creation until its new-leg ranges are zeroed: lvcreate sets it in
     * the same metadata commit that makes the LV, so a crash between the two leaves an LV that
     * says it still needs zeroing, and an LV without it is never zeroed again.
     */
    public static final String FRESH_TAG = "dlvm_fresh";

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
        return parseReport(output, "vgs", 3, f -> new VolumeGroupInfo(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
    }

    private interface Row<T> {
        T of(String[] fields);
    }

    /**
     * LVM's reports as asked for here: one object per line, {@code fields} fields split by ':',
     * indented. The last field takes the rest of the line: LV tags may contain ':'.
     */
    private static <T> List<T> parseReport(String output, String command, int fields, Row<T> row) throws NodeException {
        List<T> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] values = trimmed.split(":", fields);
            if (values.length != fields) {
                throw new NodeException("unexpected line from lvm " + command + ": '" + trimmed + "'");
            }
            try {
                rows.add(row.of(values));
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
     * leg would otherwise be read as this mirror's state. The LV carries {@link #FRESH_TAG} until
     * the executor has zeroed the rest of what a new leg needs.
     */
    public static List<String> lvcreateCommand(String vg, String lv, long bytes) {
        checkVg(vg);
        checkDlvmLv(lv);
        if (bytes <= 0 || bytes % Sizes.SECTOR_BYTES != 0) {
            throw new IllegalArgumentException("LV size " + bytes + " bytes: must be a positive multiple of 512");
        }
        return List.of("lvm", "lvcreate", "-n", lv, "-L", bytes + "b", "-y", "-Zy", "-Wn", "--addtag", FRESH_TAG, vg);
    }

    /** The new leg's ranges are zeroed: from now on the LV holds data that nothing may zero again. */
    public static List<String> lvchangeDropFreshTagCommand(String vg, String lv) {
        checkVg(vg);
        checkDlvmLv(lv);
        return List.of("lvm", "lvchange", "--deltag", FRESH_TAG, vg + "/" + lv);
    }

    /** An LV left inactive (a VG not auto-activated at boot) has no device for the leg's linear to sit on. */
    public static List<String> lvchangeActivateCommand(String vg, String lv) {
        checkVg(vg);
        checkDlvmLv(lv);
        return List.of("lvm", "lvchange", "-ay", vg + "/" + lv);
    }

    /** Removes only DLVM's LVs: cleanup must never reach an LV it did not make (REFERENCE §9 item 6). */
    public static List<String> lvremoveCommand(String vg, String lv) {
        checkVg(vg);
        checkDlvmLv(lv);
        return List.of("lvm", "lvremove", "-f", vg + "/" + lv);
    }

    /** Every LV of the VG: an absent LV is then told apart from an absent VG, which lvs reports as an error. */
    public static List<String> lvsCommand(String vg) {
        checkVg(vg);
        return List.of("lvm", "lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o",
                "lv_name,lv_size,lv_attr,lv_kernel_major,lv_kernel_minor,lv_tags", vg);
    }

    /**
     * One LV per line, {@code name:size:attr:major:minor:tags}, size in bytes, major and minor -1
     * when inactive, tags separated by ',', indented by LVM.
     */
    public static List<LogicalVolumeInfo> parseLvs(String output) throws NodeException {
        return parseReport(output, "lvs", 6, f -> new LogicalVolumeInfo(f[0], Long.parseLong(f[1]), f[2],
                Integer.parseInt(f[3]), Integer.parseInt(f[4]), tags(f[5])));
    }

    private static List<String> tags(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split(","));
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
