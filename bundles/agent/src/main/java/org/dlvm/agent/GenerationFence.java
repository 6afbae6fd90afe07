package org.dlvm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

import org.dlvm.protocol.Queues;

/**
 * The newest lock generation seen per object. A worker that lost its lock (stalled, then
 * replaced) still holds an older generation; refusing it keeps two workers from both acting on
 * one object. Kept on disk so that an agent restart does not forget.
 */
public final class GenerationFence {
    private final Path file;
    private final Map<String, Long> newest = new HashMap<>();

    /** Refuses to start on an unreadable file: forgetting the generations would silently drop the fence. */
    public GenerationFence(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            Properties stored = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            }
            for (String object : stored.stringPropertyNames()) {
                String value = stored.getProperty(object).trim();
                try {
                    newest.put(object, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new IOException("corrupt generation file " + file + ": '" + object + "=" + value
                            + "' is not a number; fix or remove the line", e);
                }
            }
        }
    }

    /** {@code <karaf.data>/dlvm/<role>-generations.properties}; {@code data} when not run in Karaf. */
    public static Path defaultFile(String karafData, Queues.Role role) {
        return Path.of(karafData == null || karafData.isBlank() ? "data" : karafData, "dlvm",
                role.name() + "-generations.properties");
    }

    /**
     * Null when {@code generation} is at least the newest seen for {@code object} (it then becomes
     * the newest), else why it is refused. Throws UncheckedIOException when a newer generation
     * cannot be saved, since admitting it unsaved would let an older one back in after a restart.
     */
    public synchronized String admit(String object, long generation) {
        Long seen = newest.get(object);
        if (seen != null && generation < seen) {
            return "stale generation " + generation + " for " + object + ": newest seen is " + seen;
        }
        if (seen == null || generation > seen) {
            Map<String, Long> next = new HashMap<>(newest);
            next.put(object, generation);
            save(next);
            newest.put(object, generation);
        }
        return null;
    }

    public synchronized OptionalLong newest(String object) {
        Long seen = newest.get(object);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen);
    }

    /** A crash mid-write must leave the old file whole: write a sibling, sync it, rename it over. */
    private void save(Map<String, Long> generations) {
        Properties out = new Properties();
        generations.forEach((k, v) -> out.setProperty(k, Long.toString(v)));
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); OutputStream stream = java.nio.channels.Channels.newOutputStream(channel)) {
                out.store(stream, "newest lock generation per object; written by the DLVM agent, do not lower");
                stream.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save generation file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rename itself is only durable once the directory is synced. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a directory; the rename is still atomic there
        }
    }
}
