package r1j.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): with n samples of which c are correct, the chance that k drawn
 * without replacement contain a correct one, {@code 1 - C(n-c, k) / C(n, k)}, computed as a product so large n does not
 * overflow.
 */
public final class PassAtK {
    private PassAtK() {}

    public static double estimate(int n, int c, int k) {
        if (k < 1 || k > n) throw new IllegalArgumentException("pass@k needs 1 <= k <= n, got k=" + k + ", n=" + n);
        if (c < 0 || c > n) throw new IllegalArgumentException("correct count " + c + " outside 0.." + n);
        if (n - c < k) return 1.0;
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) allWrong *= 1.0 - (double) k / i;
        return 1.0 - allWrong;
    }

    /** The k values reported for n samples: the powers of two below n, and n itself. */
    public static List<Integer> reportedKs(int n) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k < n; k *= 2) ks.add(k);
        if (n >= 1) ks.add(n);
        return ks;
    }
}
