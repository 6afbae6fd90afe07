package org.dlvm.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Edits Karaf's {@code etc/users.properties} ({@code user = password,role,...}) line by line, so
 * that the operator's comments and order stay. Keys are escaped as properties files want them
 * (a node name may hold ':', which is a key separator there).
 */
public final class UsersFile {
    private UsersFile() {
    }

    /**
     * Applies {@code change} to the file's lines and writes them back, atomically and readable by
     * its owner only (it holds passwords), when they changed. Karaf's login module reads the file at
     * every login, so a user written here can log in at once.
     */
    public static boolean update(java.nio.file.Path file, java.util.function.UnaryOperator<List<String>> change)
            throws java.io.IOException {
        List<String> lines = read(file);
        List<String> changed = change.apply(lines);
        if (changed.equals(lines)) {
            return false;
        }
        Secrets.write(file, String.join("\n", changed));
        return true;
    }

    /** The file's lines (a properties file: ISO-8859-1), none when it does not exist. */
    public static List<String> read(java.nio.file.Path file) throws java.io.IOException {
        return java.nio.file.Files.exists(file)
                ? java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1) : List.of();
    }

    /** The lines with {@code user}'s entry set to {@code password} and {@code roles}: replaced where it was, else appended. */
    public static List<String> withUser(List<String> lines, String user, String password, List<String> roles) {
        String entry = escapeKey(user) + " = " + password + (roles.isEmpty() ? "" : "," + String.join(",", roles));
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean replaced = false;
        for (String line : lines) {
            if (user.equals(keyOf(line))) {
                if (!replaced) {
                    out.add(entry);
                    replaced = true;
                }
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(entry);
        }
        return out;
    }

    /** The users (not the {@code _g_:} groups) whose entry grants {@code role} directly. */
    public static List<String> usersWithRole(List<String> lines, String role) {
        List<String> users = new ArrayList<>();
        for (String line : lines) {
            String key = keyOf(line);
            if (key == null || key.startsWith("_g_:")) {
                continue;
            }
            String value = parse(line).getProperty(key, "");
            String[] parts = value.split(",");
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].trim().equals(role)) {
                    users.add(key);
                    break;
                }
            }
        }
        return users;
    }

    /** Whether {@code user} has an entry. */
    public static boolean has(List<String> lines, String user) {
        return lines.stream().anyMatch(l -> user.equals(keyOf(l)));
    }

    static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
            return null;
        }
        Properties p = parse(line);
        return p.isEmpty() ? null : p.stringPropertyNames().iterator().next();
    }

    private static Properties parse(String line) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(line));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new Properties();
        }
        return p;
    }

    static String escapeKey(String key) {
        StringBuilder b = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == ':' || c == '=' || c == ' ' || c == '#' || c == '!' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
