package r1j.eval.metrics;

import java.util.Arrays;
import java.util.Random;

/**
 * A paired bootstrap confidence interval for the difference of two runs' means over the same questions: resample
 * the questions with replacement, keeping each question's pair together, and take the percentiles of the resampled
 * differences. Pairing removes the spread that comes from some questions simply being harder than others.
 */
public final class PairedBootstrap {
    /** Mean difference {@code b - a} with its {@code level} (e.g. 0.95) interval. */
    public record Interval(double difference, double low, double high) {
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    private PairedBootstrap() {}

    public static Interval difference(double[] a, double[] b, int resamples, double level, long seed) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired samples need the same, non-zero length: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = b[i] - a[i];
        double observed = Stats.mean(d);
        Random random = new Random(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += d[random.nextInt(n)];
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        return new Interval(observed, means[(int) Math.floor(tail * (resamples - 1))],
                means[(int) Math.ceil((1 - tail) * (resamples - 1))]);
    }
}
