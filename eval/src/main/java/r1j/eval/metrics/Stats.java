package r1j.eval.metrics;

import java.util.Arrays;

/** Small descriptive statistics over doubles. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] xs) {
        return xs.length == 0 ? Double.NaN : Arrays.stream(xs).sum() / xs.length;
    }

    /** The sample standard deviation (n-1 in the denominator); 0 for a single value. */
    public static double sampleStd(double[] xs) {
        if (xs.length < 2) return xs.length == 1 ? 0.0 : Double.NaN;
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (xs.length - 1));
    }

    /** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    public static double percentile(double[] xs, double p) {
        if (xs.length == 0) return Double.NaN;
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
