package org.dlvm.node.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlvm.node.NodeException;

/**
 * dmsetup command lines (argv, no shell). Only DLVM's own devices may be created, changed or
 * removed through here; reading (status, table, ls) works on any.
 *
 * <p>{@code --table} takes one line only, so a multi-line table (a concatenation) is written to a
 * file by the executor and given as {@code table_file}: the runner gives commands no stdin.
 */
public final class DmsetupCommands {
    private DmsetupCommands() {
    }

    public static List<String> create(String name, String table) {
        return List.of("dmsetup", "create", checkOwn(name), "--table", checkOneLine(table));
    }

    public static List<String> createFromFile(String name, String tableFile) {
        return List.of("dmsetup", "create", checkOwn(name), checkFile(tableFile));
    }

    /** Into the inactive slot: live after {@link #suspend} and {@link #resume}. */
    public static List<String> load(String name, String table) {
        return List.of("dmsetup", "load", checkOwn(name), "--table", checkOneLine(table));
    }

    public static List<String> loadFromFile(String name, String tableFile) {
        return List.of("dmsetup", "load", checkOwn(name), checkFile(tableFile));
    }

    public static List<String> suspend(String name) {
        return List.of("dmsetup", "suspend", checkOwn(name));
    }

    public static List<String> resume(String name) {
        return List.of("dmsetup", "resume", checkOwn(name));
    }

    public static List<String> remove(String name) {
        return List.of("dmsetup", "remove", checkOwn(name));
    }

    /** A thin-pool message (see {@link ThinPoolMessages}); sector 0, as the thin target expects. */
    public static List<String> message(String name, String message) {
        if (message == null || message.isBlank() || message.contains("\n")) {
            throw new IllegalArgumentException("invalid dm message '" + message + "'");
        }
        return List.of("dmsetup", "message", checkOwn(name), "0", message);
    }

    public static List<String> status(String name) {
        return List.of("dmsetup", "status", checkAny(name));
    }

    public static List<String> table(String name) {
        return List.of("dmsetup", "table", checkAny(name));
    }

    /** Every device's status, each line prefixed by {@code <name>: } (see {@link DmStatus#byDevice}). */
    public static List<String> statusAll() {
        return List.of("dmsetup", "status");
    }

    /**
     * The status of every raid device only, each line prefixed by {@code <name>: }: a thin pool's
     * status waits for its metadata lock, which a write stuck on a dead leg can hold for long.
     */
    public static List<String> statusOfRaids() {
        return List.of("dmsetup", "status", "--target", "raid");
    }

    public static List<String> statusOfLinears() {
        return List.of("dmsetup", "status", "--target", "linear");
    }

    public static List<String> list() {
        return List.of("dmsetup", "ls");
    }

    /** {@code dmsetup ls}: {@code <name>\t(<major>:<minor>)} per line, or "No devices found". */
    public static List<String> parseList(String output) throws NodeException {
        List<String> names = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.equals("No devices found")) {
                continue;
            }
            int paren = trimmed.lastIndexOf('(');
            if (paren <= 0 || !trimmed.endsWith(")")) {
                throw new NodeException("unexpected line from dmsetup ls: '" + trimmed + "'");
            }
            names.add(trimmed.substring(0, paren).trim());
        }
        return names;
    }

    /**
     * Every device with its {@code major:minor}, the form {@code dmsetup table} shows devices in:
     * one command tells which devices exist and what a table naming one of them must say.
     */
    public static List<String> deviceNumbers() {
        return List.of("dmsetup", "info", "-c", "--noheadings", "--separator", ":", "-o", "name,major,minor");
    }

    /**
     * {@link #deviceNumbers()}: {@code <name>:<major>:<minor>} per line, or "No devices found". The
     * numbers are read from the right, as a name may itself contain ':'.
     */
    public static Map<String, String> parseDeviceNumbers(String output) throws NodeException {
        Map<String, String> devices = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.equals("No devices found")) {
                continue;
            }
            int minorAt = trimmed.lastIndexOf(':');
            int majorAt = minorAt <= 0 ? -1 : trimmed.lastIndexOf(':', minorAt - 1);
            String major = majorAt <= 0 ? "" : trimmed.substring(majorAt + 1, minorAt);
            String minor = trimmed.substring(minorAt + 1);
            if (major.isEmpty() || minor.isEmpty() || !(major + minor).chars().allMatch(Character::isDigit)) {
                throw new NodeException("unexpected line from dmsetup info: '" + trimmed + "'");
            }
            devices.put(trimmed.substring(0, majorAt), major + ":" + minor);
        }
        return devices;
    }

    private static String checkOwn(String name) {
        if (!KernelNames.isDlvmName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a DLVM device name: DLVM changes only its own devices");
        }
        return name;
    }

    private static String checkAny(String name) {
        if (name == null || name.isEmpty() || name.startsWith("-") || name.contains("/") || name.chars().anyMatch(c -> c <= 0x20)) {
            throw new IllegalArgumentException("invalid dm device name '" + name + "'");
        }
        return name;
    }

    private static String checkOneLine(String table) {
        if (table == null || table.isBlank() || table.contains("\n")) {
            throw new IllegalArgumentException("--table takes one line; write a multi-line table to a file");
        }
        return table;
    }

    private static String checkFile(String tableFile) {
        if (tableFile == null || !tableFile.startsWith("/")) {
            throw new IllegalArgumentException("table file must be an absolute path: '" + tableFile + "'");
        }
        return tableFile;
    }
}
