package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.dlvm.node.NodeException;
import org.dlvm.node.linux.Sizes.ByteRange;

/** Writes zeros over byte ranges of a block device and flushes them to it before returning. */
final class DeviceZeroer {
    private static final int CHUNK_BYTES = 64 * 1024;

    /** The device must exist: opening without CREATE keeps a missing node from becoming a file in /dev. */
    void zero(Path device, List<ByteRange> ranges) throws NodeException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(CHUNK_BYTES);
            for (ByteRange range : ranges) {
                long position = range.offset();
                long end = Math.addExact(range.offset(), range.length());
                while (position < end) {
                    zeros.clear().limit((int) Math.min(CHUNK_BYTES, end - position));
                    while (zeros.hasRemaining()) {
                        position += channel.write(zeros, position);
                    }
                }
            }
            // fsync of a block device writes its page cache out: the layers above read the disk, not this cache
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw new NodeException("no device node " + device + " to zero the new leg through", e);
        } catch (IOException e) {
            throw new NodeException("cannot zero " + device + ": " + e.getMessage(), e);
        }
    }
}
