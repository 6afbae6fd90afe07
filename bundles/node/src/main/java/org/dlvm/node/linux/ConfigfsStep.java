package org.dlvm.node.linux;

import java.util.Objects;

/**
 * One configfs operation of an export or unexport. The executor performs the steps in order and
 * skips one whose effect is already there (MKDIR of an existing directory, RMDIR/UNLINK of a
 * missing one), which makes replaying a half-done list safe.
 *
 * @param path  the directory, file or link, absolute
 * @param value the text to WRITE, the target of a SYMLINK, null for the other kinds
 */
public record ConfigfsStep(Kind kind, String path, String value) {
    public enum Kind { MKDIR, WRITE, SYMLINK, RMDIR, UNLINK }

    public ConfigfsStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        boolean needsValue = kind == Kind.WRITE || kind == Kind.SYMLINK;
        if (needsValue != (value != null)) {
            throw new IllegalArgumentException(kind + (needsValue ? " needs a value" : " takes no value") + ": " + path);
        }
    }

    public static ConfigfsStep mkdir(String path) {
        return new ConfigfsStep(Kind.MKDIR, path, null);
    }

    public static ConfigfsStep write(String path, String value) {
        return new ConfigfsStep(Kind.WRITE, path, value);
    }

    public static ConfigfsStep symlink(String link, String target) {
        return new ConfigfsStep(Kind.SYMLINK, link, target);
    }

    public static ConfigfsStep rmdir(String path) {
        return new ConfigfsStep(Kind.RMDIR, path, null);
    }

    public static ConfigfsStep unlink(String path) {
        return new ConfigfsStep(Kind.UNLINK, path, null);
    }

    /** CHAP secrets stay out of logs and exception messages. */
    public boolean isSecret() {
        return kind == Kind.WRITE && (path.endsWith("/password") || path.endsWith("/password_mutual"));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case WRITE -> "write " + path + " = " + (isSecret() ? "********" : value);
            case SYMLINK -> "symlink " + path + " -> " + value;
            default -> kind.name().toLowerCase(java.util.Locale.ROOT) + " " + path;
        };
    }
}
