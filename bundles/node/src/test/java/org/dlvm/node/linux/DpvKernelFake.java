package org.dlvm.node.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.dlvm.node.NodeException;

/**
 * A CommandRunner that records every argv and answers lvm and dmsetup as a dpv with one VG
 * would, from a small model of its LVs and dm devices. A new LV's device node is a file under
 * the test's root filled with stale bytes (what earlier LVs left on the extents), so that zeroing
 * shows in its contents.
 */
final class DpvKernelFake implements CommandRunner {
    static final byte STALE = (byte) 0xAA;
    /** Stale bytes reach past every range a new leg zeroes (4 MiB + 4 KiB). */
    static final int STALE_BYTES = (int) (4 * Sizes.MIB + 64 * Sizes.KIB);
    static final int DM_MAJOR = 253;

    final class Volume {
        final String name;
        final long bytes;
        final Set<String> tags = new LinkedHashSet<>();
        boolean active = true;
        int minor;

        Volume(String name, long bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        String number() {
            return DM_MAJOR + ":" + minor;
        }
    }

    final List<List<String>> ran = new ArrayList<>();
    final Map<String, Volume> volumes = new LinkedHashMap<>();
    /** dm devices by name: their tables; LVs are dm devices too but listed in {@link #volumes}. */
    final Map<String, String> tables = new LinkedHashMap<>();
    final Map<String, Integer> minors = new LinkedHashMap<>();
    private final Path root;
    private final String vg;
    private long freeBytes;
    private int nextMinor = 10;
    /** A command matching this fails as if the agent crashed right before it ran (it does not run). */
    Predicate<List<String>> crashBefore = c -> false;

    DpvKernelFake(Path root, String vg, long freeBytes) {
        this.root = root;
        this.vg = vg;
        this.freeBytes = freeBytes;
    }

    /** An LV as a reboot leaves it: its bytes kept, its dm devices above it gone. */
    Volume addVolume(String name, long bytes, String... tags) {
        Volume volume = new Volume(name, bytes);
        volume.tags.addAll(List.of(tags));
        volume.minor = nextMinor++;
        volumes.put(name, volume);
        freeBytes -= bytes;
        writeStaleDevice(name);
        return volume;
    }

    /** What a dpv reboot leaves: the LVs with their bytes; no dm device above them. */
    void reboot() {
        tables.clear();
        minors.clear();
    }

    Path device(String lv) {
        return root.resolve("dev").resolve(vg).resolve(lv);
    }

    byte[] deviceBytes(String lv, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(device(lv), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, offset);
            return buffer.array();
        }
    }

    List<List<String>> ran(String... prefix) {
        return ran.stream().filter(c -> c.size() >= prefix.length && c.subList(0, prefix.length).equals(List.of(prefix)))
                .toList();
    }

    @Override
    public CommandResult run(List<String> command) throws NodeException {
        if (crashBefore.test(command)) {
            crashBefore = c -> false;
            throw new NodeException("simulated crash before " + String.join(" ", command));
        }
        ran.add(command);
        return switch (command.get(0) + " " + command.get(1)) {
            case "lvm lvs" -> lvs(command);
            case "lvm lvcreate" -> lvcreate(command);
            case "lvm lvchange" -> lvchange(command);
            case "lvm lvremove" -> lvremove(command);
            case "dmsetup info" -> ok(command, dmInfo());
            case "dmsetup table" -> dmTable(command);
            case "dmsetup create" -> dmCreate(command);
            case "dmsetup remove" -> dmRemove(command);
            default -> throw new AssertionError("unexpected command " + command);
        };
    }

    private CommandResult lvs(List<String> c) {
        if (!c.get(c.size() - 1).equals(vg)) {
            return fail(c, 5, "  Volume group \"" + c.get(c.size() - 1) + "\" not found\n  Cannot process volume group "
                    + c.get(c.size() - 1) + "\n");
        }
        StringBuilder out = new StringBuilder();
        for (Volume v : volumes.values()) {
            String attr = "-wi-" + (v.active ? "a" : "-") + (isOpen(v) ? "o" : "-") + "----";
            out.append("  ").append(v.name).append(':').append(v.bytes).append(':').append(attr).append(':')
                    .append(v.active ? DM_MAJOR : -1).append(':').append(v.active ? v.minor : -1).append(':')
                    .append(String.join(",", v.tags)).append('\n');
        }
        return ok(c, out.toString());
    }

    private CommandResult lvcreate(List<String> c) {
        String name = c.get(c.indexOf("-n") + 1);
        String size = c.get(c.indexOf("-L") + 1);
        long bytes = Long.parseLong(size.substring(0, size.length() - 1));
        if (volumes.containsKey(name)) {
            return fail(c, 5, "  Logical Volume \"" + name + "\" already exists in volume group \"" + vg + "\"\n");
        }
        if (bytes > freeBytes) {
            return fail(c, 5, "  Volume group \"" + vg + "\" has insufficient free space (" + freeBytes / Sizes.EXTENT_BYTES
                    + " extents): " + bytes / Sizes.EXTENT_BYTES + " required.\n");
        }
        Volume volume = addVolume(name, bytes);
        int tag = c.indexOf("--addtag");
        if (tag >= 0) {
            volume.tags.add(c.get(tag + 1));
        }
        return ok(c, "  Logical volume \"" + name + "\" created.\n");
    }

    private CommandResult lvchange(List<String> c) {
        Volume v = volumes.get(c.get(c.size() - 1).substring(vg.length() + 1));
        if (c.get(2).equals("--deltag")) {
            v.tags.remove(c.get(3));
        } else if (c.get(2).equals("-ay")) {
            v.active = true;
        }
        return ok(c, "  Logical volume " + v.name + " changed.\n");
    }

    private CommandResult lvremove(List<String> c) {
        Volume v = volumes.get(c.get(c.size() - 1).substring(vg.length() + 1));
        if (isOpen(v)) {
            return fail(c, 5, "  Logical volume " + vg + "/" + v.name + " in use.\n");
        }
        volumes.remove(v.name);
        freeBytes += v.bytes;
        return ok(c, "  Logical volume \"" + v.name + "\" successfully removed.\n");
    }

    private String dmInfo() {
        StringBuilder out = new StringBuilder();
        for (Volume v : volumes.values()) {
            if (v.active) {
                out.append(vg).append('-').append(v.name.replace("-", "--")).append(':').append(DM_MAJOR).append(':')
                        .append(v.minor).append('\n');
            }
        }
        minors.forEach((name, minor) -> out.append(name).append(':').append(DM_MAJOR).append(':').append(minor).append('\n'));
        return out.length() == 0 ? "No devices found\n" : out.toString();
    }

    private CommandResult dmTable(List<String> c) {
        String table = tables.get(c.get(2));
        return table == null ? fail(c, 1, "Device does not exist.\nCommand failed.\n") : ok(c, table + "\n");
    }

    private CommandResult dmCreate(List<String> c) {
        String name = c.get(2);
        if (tables.containsKey(name)) {
            return fail(c, 1, "device-mapper: create ioctl on " + name + " failed: Device or resource busy\n");
        }
        tables.put(name, c.get(4));
        minors.put(name, nextMinor++);
        return ok(c, "");
    }

    private CommandResult dmRemove(List<String> c) {
        String name = c.get(2);
        if (!tables.containsKey(name)) {
            return fail(c, 1, "Device " + name + " not found\nCommand failed.\n");
        }
        if (tables.values().stream().anyMatch(t -> t.contains(" " + DM_MAJOR + ":" + minors.get(name) + " "))) {
            return fail(c, 1, "device-mapper: remove ioctl on " + name + " failed: Device or resource busy\n");
        }
        tables.remove(name);
        minors.remove(name);
        return ok(c, "");
    }

    private boolean isOpen(Volume v) {
        return tables.values().stream().anyMatch(t -> t.contains(" " + v.number() + " "));
    }

    private void writeStaleDevice(String name) {
        byte[] stale = new byte[STALE_BYTES];
        Arrays.fill(stale, STALE);
        try {
            Files.createDirectories(device(name).getParent());
            Files.write(device(name), stale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommandResult ok(List<String> c, String stdout) {
        return new CommandResult(c, 0, stdout, "");
    }

    private static CommandResult fail(List<String> c, int exit, String stderr) {
        return new CommandResult(c, exit, "", stderr);
    }
}
