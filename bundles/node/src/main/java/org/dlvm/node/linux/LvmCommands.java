package org.dlvm.node.linux;

import java.util.ArrayList;
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
        List<VolumeGroupInfo> groups = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split(":");
            if (fields.length != 3) {
                throw new NodeException("unexpected line from lvm vgs: '" + trimmed + "'");
            }
            try {
                groups.add(new VolumeGroupInfo(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            } catch (NumberFormatException e) {
                throw new NodeException("unexpected sizes from lvm vgs: '" + trimmed + "'", e);
            }
        }
        return groups;
    }
}
