package org.dlvm.node.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.dlvm.node.CopyCancelledException;
import org.dlvm.node.CopyProgress;
import org.dlvm.node.NodeException;

/**
 * Copies a {@link CopyPlan}'s ranges from one block device to the same places of another, then
 * flushes the target: what was copied is on the target's legs when the copy says it is done.
 * Through the page cache: the source is a snapshot nothing writes, and the flush at the end
 * covers the target.
 */
final class BlockCopier {
    /** One read and one write per buffer: 1 MiB, a few stripe chunks, few system calls. */
    static final int BUFFER_BYTES = 1 << 20;

    private BlockCopier() {
    }

    static void copy(Path source, Path target, CopyPlan plan, CopyProgress progress) throws NodeException {
        long copied = 0;
        progress.copied(0, plan.bytes());
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
            for (CopyPlan.Range range : plan.ranges()) {
                long at = range.start() * 512;
                long end = at + range.length() * 512;
                while (at < end) {
                    if (progress.cancelled()) {
                        throw new CopyCancelledException("the copy to " + target + " was cancelled after " + copied
                                + " of " + plan.bytes() + " bytes");
                    }
                    buffer.clear().limit((int) Math.min(BUFFER_BYTES, end - at));
                    readFully(in, buffer, at, source);
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer, at + buffer.position());
                    }
                    at += buffer.limit();
                    copied += buffer.limit();
                    progress.copied(copied, plan.bytes());
                }
            }
            out.force(true);
        } catch (IOException e) {
            throw new NodeException("copying " + source + " to " + target + " failed after " + copied + " of " + plan.bytes()
                    + " bytes: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long at, Path source) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, position);
            if (n < 0) {
                throw new IOException(source + " ends at byte " + position + ", before the copy's range does");
            }
            position += n;
        }
    }
}
