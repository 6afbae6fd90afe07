package org.dlvm.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets live in files only their owner can read, never in a configuration (Karaf's
 * {@code config:list} shows every property as it is): a configuration names the file.
 */
public final class Secrets {
    /** {@code etc/dlvm-secrets}: the secrets this installation generated or was given. */
    public static final String DIR = "dlvm-secrets";

    private Secrets() {
    }

    /** 32 random bytes, URL-safe Base64: no character that a properties file, a URL or a shell would mangle. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code <karaf.etc>/dlvm-secrets}. */
    public static Path dir() {
        String etc = System.getProperty("karaf.etc");
        return Path.of(etc != null ? etc : "etc").resolve(DIR);
    }

    /** The file a configuration names: empty means {@code <dir>/<defaultName>}, a relative path is under karaf.etc. */
    public static Path file(String configured, String defaultName) {
        if (configured == null || configured.isBlank()) {
            return dir().resolve(defaultName);
        }
        Path p = Path.of(configured.trim());
        return p.isAbsolute() ? p : dir().getParent().resolve(p);
    }

    /** The secret in {@code file} (its first line), or null when the file does not exist or is empty. */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        String secret = (newline < 0 ? text : text.substring(0, newline)).strip();
        return secret.isEmpty() ? null : secret;
    }

    /**
     * Writes {@code secret} to {@code file}, readable and writable by its owner only, in its
     * directory made owner-only too; atomically, so a reader sees the old secret or the new one.
     */
    public static void write(Path file, String secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        ownerOnlyDir(dir);
        Path tmp = Files.createTempFile(dir, ".secret", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void ownerOnlyDir(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(dir + " exists and is not a directory", e);
        }
    }
}
