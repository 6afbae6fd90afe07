package org.dlvm.node;

/** What a running copy tells its owner, and how the owner stops it. */
public interface CopyProgress {
    /** {@code copiedBytes} of {@code totalBytes} (the source's mapped bytes) are on the target. */
    void copied(long copiedBytes, long totalBytes);

    /** Asked between pieces: a copy that answers true stops with {@link CopyCancelledException}. */
    boolean cancelled();
}
