package org.dlvm.api;

/** How far a long operation (a clone's copy) is: bytes done of the bytes it has to do. */
public record Progress(long doneBytes, long totalBytes) {
    /** An empty source is a copy already done. */
    public int percent() {
        return totalBytes <= 0 ? 100 : (int) Math.min(100, doneBytes * 100 / totalBytes);
    }
}
