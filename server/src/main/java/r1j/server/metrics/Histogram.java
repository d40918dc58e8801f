package r1j.server.metrics;

import java.util.Arrays;

/**
 * A Prometheus histogram with fixed upper bounds: counts per bucket, the sum and the number of observations.
 * Observations come from the engine thread and snapshots from HTTP threads; both hold the lock for a few
 * nanoseconds, and a snapshot is consistent (its {@code +Inf} bucket equals its count).
 */
public final class Histogram {
    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    /** {@code bounds}: the buckets' upper bounds, strictly increasing; {@code +Inf} is implied. */
    public Histogram(double... bounds) {
        if (bounds.length == 0) throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must increase strictly: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length];
    }

    public synchronized void observe(double value) {
        int i = Arrays.binarySearch(bounds, value);
        // An exact hit belongs to that bucket (le = less or equal); a miss to the first larger bound.
        int bucket = i >= 0 ? i : -i - 1;
        if (bucket < counts.length) counts[bucket]++;
        sum += value;
        count++;
    }

    public synchronized Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, sum, count);
    }

    /** The cumulative counts Prometheus exposes: {@code cumulative[i]} observations were {@code <= bounds[i]}. */
    public record Snapshot(double[] bounds, long[] cumulative, double sum, long count) {}
}
