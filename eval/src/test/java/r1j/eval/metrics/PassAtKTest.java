package r1j.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassAtKTest {
    @Test
    void the_estimator_equals_the_share_of_k_subsets_holding_a_correct_sample() {
        for (int n = 1; n <= 12; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k)
                            .isCloseTo(bySubsets(n, c, k), within(1e-12));
                }
            }
        }
    }

    @Test
    void large_n_agrees_with_exact_binomials() {
        int n = 200;
        int c = 37;
        for (int k : List.of(1, 5, 64, 163, 200)) {
            double exact = 1 - new java.math.BigDecimal(binomial(n - c, k))
                    .divide(new java.math.BigDecimal(binomial(n, k)), java.math.MathContext.DECIMAL128).doubleValue();
            assertThat(PassAtK.estimate(n, c, k)).isCloseTo(exact, within(1e-12));
        }
        assertThat(PassAtK.estimate(n, c, 1)).isCloseTo(37.0 / 200, within(1e-15));
    }

    @Test
    void reported_ks_are_powers_of_two_and_n() {
        assertThat(PassAtK.reportedKs(1)).containsExactly(1);
        assertThat(PassAtK.reportedKs(4)).containsExactly(1, 2, 4);
        assertThat(PassAtK.reportedKs(10)).containsExactly(1, 2, 4, 8, 10);
    }

    /** Enumerates every k-subset of n samples (the first c correct) and counts those with a correct one. */
    private static double bySubsets(int n, int c, int k) {
        List<int[]> subsets = new ArrayList<>();
        collect(n, k, 0, new int[k], 0, subsets);
        long hit = subsets.stream().filter(s -> java.util.Arrays.stream(s).anyMatch(i -> i < c)).count();
        return (double) hit / subsets.size();
    }

    private static void collect(int n, int k, int from, int[] chosen, int depth, List<int[]> out) {
        if (depth == k) {
            out.add(chosen.clone());
            return;
        }
        for (int i = from; i < n; i++) {
            chosen[depth] = i;
            collect(n, k, i + 1, chosen, depth + 1, out);
        }
    }

    private static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) return BigInteger.ZERO;
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        return r;
    }
}
