package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * LIO's configfs as plain directories and files in a test's directory, with the kernel's rules
 * that matter to an export, as seen on Debian's 6.1 kernel in the lab: mkdir makes an object's
 * attribute files and default groups, only existing attributes can be written, rmdir refuses a
 * directory that still holds directories someone made (ENOTEMPTY) or links, or that a link
 * points at (EBUSY), and takes the attributes and default groups with it; an enabled backstore
 * answers EEXIST to {@code control} and {@code enable} and shows its device in {@code info}
 * (its {@code udev_path} attribute stays empty); an enabled TPG answers EINVAL to {@code enable}
 * (as older kernels do; 6.1 accepts it). Every change is recorded, so a test can show that a
 * replay changes nothing.
 */
final class ConfigfsModel implements ConfigfsFiles {
    final Path target;
    final List<String> changes = new ArrayList<>();
    /** ACLs whose removal ended their initiator's sessions. */
    final List<String> fenced = new ArrayList<>();
    private final Set<Path> defaultGroups = new HashSet<>();
    private final Set<Path> writeOnly = new HashSet<>();

    /** {@code target}: the tree as target_core_mod leaves it when it loads, with only {@code core}. */
    ConfigfsModel(Path target) throws IOException {
        this.target = target;
        Files.createDirectories(target.resolve("core"));
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Optional<String> read(Path file) {
        if (writeOnly.contains(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    String text(String relative) throws IOException {
        return Files.readString(target.resolve(relative));
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.toString());
        }
        String name = file.getFileName().toString();
        Path object = file.getParent();
        if (isBackstore(object) && name.equals("control")) {
            if (isOne(object.resolve("enable"))) {
                throw new FileSystemException(file.toString(), null, "File exists");
            }
            if (value.startsWith("udev_path=")) {
                Files.writeString(object.resolve("info"), info("DEACTIVATED", value.substring("udev_path=".length())));
            }
        } else if (isBackstore(object) && name.equals("enable")) {
            if (isOne(file)) {
                throw new FileSystemException(file.toString(), null, "File exists");
            }
            String device = ConfigfsApplier.infoDevice(Files.readString(object.resolve("info"))).orElse(null);
            if (device == null) {
                throw new FileSystemException(file.toString(), null, "Invalid argument");
            }
            Files.writeString(object.resolve("info"), info("ACTIVATED", device));
        } else if (isTpg(object) && name.equals("enable") && value.equals("1") && isOne(file)) {
            throw new FileSystemException(file.toString(), null, "Invalid argument");
        }
        if (!writeOnly.contains(file)) {
            Files.writeString(file, value + "\n");
        }
        changes.add("write " + relative(file) + " = " + (name.equals("password") ? "********" : value));
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        Files.createDirectory(dir);
        changes.add("mkdir " + relative(dir));
        if (isBackstore(dir)) {
            attribute(dir.resolve("control"), null);
            attribute(dir.resolve("enable"), "0");
            attribute(dir.resolve("udev_path"), "");
            attribute(dir.resolve("info"), info("DEACTIVATED", null).strip());
        } else if (isTpg(dir)) {
            for (String group : List.of("lun", "np", "acls", "attrib", "auth", "param")) {
                defaultGroup(dir.resolve(group));
            }
            attribute(dir.resolve("enable"), "0");
            attribute(dir.resolve("attrib/authentication"), "1");
            attribute(dir.resolve("attrib/generate_node_acls"), "0");
            attribute(dir.resolve("attrib/demo_mode_write_protect"), "1");
        } else if (isAcl(dir)) {
            for (String group : List.of("auth", "attrib", "param")) {
                defaultGroup(dir.resolve(group));
            }
            attribute(dir.resolve("auth/userid"), "");
            attribute(dir.resolve("auth/password"), "");
        }
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (defaultGroups.contains(dir)) {
            throw new FileSystemException(dir.toString(), null, "Operation not permitted");
        }
        checkOnlyKernelMade(dir);
        try (Stream<Path> tree = Files.walk(target)) {
            for (Path p : tree.filter(Files::isSymbolicLink).toList()) {
                if (Files.readSymbolicLink(p).equals(dir)) {
                    throw new FileSystemException(dir.toString(), null, "Device or resource busy");
                }
            }
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                defaultGroups.remove(p);
                writeOnly.remove(p);
                Files.delete(p);
            }
        }
        changes.add("rmdir " + relative(dir));
        if (isAcl(dir)) {
            fenced.add(dir.getFileName().toString());
        }
    }

    @Override
    public void symlink(Path link, Path linkTarget) throws IOException {
        if (!Files.isDirectory(link.getParent(), LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(linkTarget)) {
            throw new NoSuchFileException(link.toString());
        }
        Files.createSymbolicLink(link, linkTarget);
        changes.add("symlink " + relative(link));
    }

    @Override
    public void unlink(Path link) throws IOException {
        if (!Files.isSymbolicLink(link)) {
            throw new FileSystemException(link.toString(), null, "Operation not permitted");
        }
        Files.delete(link);
        changes.add("unlink " + relative(link));
    }

    @Override
    public List<String> subdirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** configfs refuses rmdir while anything a user made (a link, a directory) is below, default groups included. */
    private void checkOnlyKernelMade(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                if (Files.isSymbolicLink(entry)) {
                    throw new FileSystemException(dir.toString(), null, "Device or resource busy");
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !defaultGroups.contains(entry)) {
                    throw new DirectoryNotEmptyException(dir.toString());
                }
                if (defaultGroups.contains(entry)) {
                    checkOnlyKernelMade(entry);
                }
            }
        }
    }

    private void defaultGroup(Path dir) throws IOException {
        Files.createDirectory(dir);
        defaultGroups.add(dir);
    }

    private void attribute(Path file, String initial) throws IOException {
        Files.writeString(file, initial == null ? "" : initial + "\n");
        if (initial == null) {
            writeOnly.add(file);
        }
    }

    /** The kernel's text, as read from an iblock backstore in the lab. */
    private static String info(String status, String device) {
        return "Status: " + status + "  Max Queue Depth: 0  SectorSize: 512  HwMaxSectors: 4294967288\n"
                + "        iBlock device: dm-2" + (device == null ? "" : "  UDEV PATH: " + device) + "  readonly: 0\n"
                + "        Major: 254 Minor: 2  CLAIMED: IBLOCK\n";
    }

    private boolean isOne(Path file) throws IOException {
        return Files.readString(file).strip().equals("1");
    }

    private boolean isBackstore(Path dir) {
        return dir.getParent() != null && dir.getParent().getParent() != null
                && dir.getParent().getParent().equals(target.resolve("core"));
    }

    private static boolean isTpg(Path dir) {
        return dir.getFileName().toString().matches("tpgt_[0-9]+");
    }

    private static boolean isAcl(Path dir) {
        return dir.getParent() != null && dir.getParent().getFileName().toString().equals("acls")
                && isTpg(dir.getParent().getParent());
    }

    private String relative(Path path) {
        return target.relativize(path).toString();
    }
}
