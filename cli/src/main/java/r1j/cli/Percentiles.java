package r1j.cli;

/** Percentiles of measured values. */
final class Percentiles {
    private Percentiles() {}

    /**
     * The nearest-rank percentile of {@code sorted} (ascending): the smallest value with at least {@code p} percent
     * of the values at or below it. Never interpolates, so it is always a value that was measured.
     */
    static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) throw new IllegalArgumentException("no values");
        if (p <= 0 || p > 100) throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
