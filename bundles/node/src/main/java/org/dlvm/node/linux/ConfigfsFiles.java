package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file operations LIO's configfs tree is driven with, one system call each. configfs is not
 * a plain file system (mkdir makes an object with its attribute files and default groups, rmdir
 * takes them all away, attribute files cannot be created), so tests put a model of the kernel's
 * rules behind this instead of a bare directory.
 */
interface ConfigfsFiles {
    /** Whether the path exists; a link is not followed. */
    boolean exists(Path path);

    /** The file's text; empty when it is absent or cannot be read (a write-only attribute such as {@code control}). */
    Optional<String> read(Path file);

    /** One write of {@code value} into an existing attribute file. */
    void write(Path file, String value) throws IOException;

    void mkdir(Path dir) throws IOException;

    void rmdir(Path dir) throws IOException;

    void symlink(Path link, Path target) throws IOException;

    void unlink(Path link) throws IOException;

    /** The names of the directories in {@code dir}; empty when {@code dir} is absent. */
    List<String> subdirectories(Path dir) throws IOException;
}
