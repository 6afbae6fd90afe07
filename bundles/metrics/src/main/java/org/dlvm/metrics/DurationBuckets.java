package org.dlvm.metrics;

import java.util.Arrays;

/**
 * A classic histogram built from durations that are already stored (operation rows): the same
 * rows always give the same figures, on every controller, after every restart, because nothing is
 * counted in memory. Operations are never deleted, so the figures only grow, as a histogram's must.
 */
final class DurationBuckets {
    /** Upper bounds in seconds: an operation takes from a second (register) to many minutes (a create under load). */
    static final double[] OPERATION_BOUNDS = { 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, Double.POSITIVE_INFINITY };

    private final double[] bounds;
    private final long[] counts;
    private double sumSeconds;

    DurationBuckets(double[] bounds) {
        if (bounds.length == 0 || bounds[bounds.length - 1] != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the last bound must be +Inf: " + Arrays.toString(bounds));
        }
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length];
    }

    void add(double seconds) {
        int i = 0;
        while (seconds > bounds[i]) {
            i++;
        }
        counts[i]++;
        sumSeconds += seconds;
    }

    double[] bounds() {
        return bounds.clone();
    }

    /** Per bucket, not cumulative (what ClassicHistogramBuckets.of takes). */
    long[] counts() {
        return counts.clone();
    }

    double sumSeconds() {
        return sumSeconds;
    }
}
