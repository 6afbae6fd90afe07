package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;

/**
 * A block device's {@code major:minor} from sysfs, which is how {@code dmsetup table} names the
 * devices under a target. Links are followed (udev's {@code /dev/disk/by-path} and
 * {@code /dev/mapper} links name the kernel device they point to); a {@code /dev/mapper} node
 * made without udev is found by its dm name in {@code /sys/block/dm-N/dm/name}.
 */
final class BlockDeviceNumbers implements KernelTableForm.DeviceNumbers {
    private static final Pattern NUMBER = Pattern.compile("^[0-9]+:[0-9]+$");

    private final Path root;

    BlockDeviceNumbers(Path root) {
        this.root = root;
    }

    @Override
    public String of(String devicePath) throws NodeException {
        if (NUMBER.matcher(devicePath).matches()) {
            return devicePath;
        }
        Path node = under(devicePath);
        try {
            String kernelName = (Files.isSymbolicLink(node) ? node.toRealPath() : node).getFileName().toString();
            Path dev = under("/sys/class/block/" + kernelName + "/dev");
            if (Files.isRegularFile(dev)) {
                return read(dev);
            }
        } catch (IOException e) {
            throw new NodeException("cannot resolve " + devicePath + ": " + e.getMessage(), e);
        }
        if (devicePath.startsWith(KernelNames.MAPPER_DIR)) {
            String dmName = devicePath.substring(KernelNames.MAPPER_DIR.length());
            try (DirectoryStream<Path> blocks = Files.newDirectoryStream(under("/sys/block"), "dm-*")) {
                for (Path block : blocks) {
                    Path name = block.resolve("dm/name");
                    if (Files.isRegularFile(name) && Files.readString(name).trim().equals(dmName)) {
                        return read(block.resolve("dev"));
                    }
                }
            } catch (IOException e) {
                throw new NodeException("cannot read /sys/block to find " + devicePath + ": " + e.getMessage(), e);
            }
        }
        throw new NodeException("no block device " + devicePath + " (nothing in sysfs names it)");
    }

    private String read(Path dev) throws NodeException {
        try {
            String number = Files.readString(dev).trim();
            if (!NUMBER.matcher(number).matches()) {
                throw new NodeException("unexpected device number '" + number + "' in " + dev);
            }
            return number;
        } catch (IOException e) {
            throw new NodeException("cannot read " + dev + ": " + e.getMessage(), e);
        }
    }

    private Path under(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
