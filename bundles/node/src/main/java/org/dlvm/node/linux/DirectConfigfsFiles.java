package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** configfs as the kernel serves it. */
final class DirectConfigfsFiles implements ConfigfsFiles {
    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Without CREATE: a missing attribute means the kernel lacks a feature, and must not be made a file. */
    @Override
    public void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        Files.delete(dir);
    }

    @Override
    public void symlink(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
    }

    @Override
    public void unlink(Path link) throws IOException {
        Files.delete(link);
    }

    @Override
    public List<String> subdirectories(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(entry.getFileName().toString());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }
}
