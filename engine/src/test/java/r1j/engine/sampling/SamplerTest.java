package r1j.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static SamplingOverrides.Builder given() {
        return SamplingOverrides.builder();
    }

    private static SamplingParams params(SamplingOverrides.Builder b) {
        return SamplingParams.of(b.build());
    }

    private static float[] randomLogits(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) logits[i] = (float) (gaussian(r) * scale);
        return logits;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int argmaxLowestId(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    @Test
    void greedy_picks_the_lowest_id_on_an_exact_tie() {
        Sampler greedy = new Sampler(SamplingParams.greedy(), 5);
        assertThat(greedy.sample(new float[] {1f, 3f, 2f, 3f, 3f}, 5)).isEqualTo(1);
        assertThat(greedy.sample(new float[] {7f, 7f, 7f, 7f, 7f}, 5)).isZero();
        assertThat(greedy.sample(new float[] {Float.NaN, -1f, 0f, Float.NaN, 0f}, 5)).isEqualTo(2);
    }

    @Test
    void greedy_still_applies_penalties() {
        float[] logits = {5f, 4.9f, 1f};
        Sampler plain = new Sampler(SamplingParams.greedy(), 3, new int[] {0});
        assertThat(plain.sample(logits, 3)).isZero();
        Sampler penalized = new Sampler(params(given().temperature(0.0).repetitionPenalty(1.2)), 3, new int[] {0});
        assertThat(penalized.sample(logits, 3)).isEqualTo(1); // 5 / 1.2 < 4.9
        Sampler presence = new Sampler(params(given().temperature(0.0).presencePenalty(0.2)), 3);
        assertThat(presence.sample(logits, 3)).isZero(); // the prompt does not count for presence
        presence.accept(0);
        assertThat(presence.sample(logits, 3)).isEqualTo(1);
        assertThat(logits).containsExactly(5f, 4.9f, 1f); // the caller's logits are left alone
    }

    @Test
    void the_same_seed_draws_the_same_tokens_and_other_seeds_differ() {
        float[] logits = randomLogits(1, 1000, 1.0);
        int[] a = draw(new Sampler(params(given().seed(42L)), 1000), logits, 200);
        int[] b = draw(new Sampler(params(given().seed(42L)), 1000), logits, 200);
        int[] c = draw(new Sampler(params(given().seed(43L)), 1000), logits, 200);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);

        Sampler again = new Sampler(params(given().seed(42L).topP(0.9).topK(50)), 1000);
        int[] first = draw(again, logits, 50);
        again.reset(new int[0]);
        assertThat(draw(again, logits, 50)).containsExactly(first);
    }

    @Test
    void a_sampler_without_a_seed_chooses_one_and_can_be_reproduced_with_it() {
        float[] logits = randomLogits(2, 500, 1.0);
        Sampler unseeded = new Sampler(params(given()), 500);
        int[] drawn = draw(unseeded, logits, 100);
        assertThat(draw(new Sampler(params(given().seed(unseeded.seed())), 500), logits, 100)).containsExactly(drawn);
    }

    @Test
    void top_k_of_one_equals_greedy() {
        for (long seed = 0; seed < 20; seed++) {
            float[] logits = randomLogits(seed, 3000, 2.0);
            for (int i = 0; i < logits.length; i++) logits[i] = Math.round(logits[i]); // many exact ties
            Sampler topK = new Sampler(params(given().topK(1).temperature(1.5).seed(seed)), logits.length);
            assertThat(topK.sample(logits, logits.length)).isEqualTo(argmaxLowestId(logits));
        }
    }

    @Test
    void a_tiny_top_p_equals_greedy() {
        for (long seed = 0; seed < 20; seed++) {
            float[] logits = randomLogits(seed, 151936, 1.0);
            if (seed % 2 == 0) for (int i = 0; i < logits.length; i++) logits[i] = Math.round(logits[i] * 2) / 2f;
            Sampler topP = new Sampler(params(given().topP(1e-6).seed(seed)), logits.length);
            assertThat(topP.sample(logits, logits.length)).isEqualTo(argmaxLowestId(logits));
        }
    }

    @Test
    void min_p_drops_tokens_far_below_the_best() {
        // probabilities proportional to 1, e^-1, e^-5; min_p 0.1 keeps those above 0.1 x best: ids 0 and 1.
        float[] logits = {0f, -1f, -5f};
        Sampler minP = new Sampler(params(given().minP(0.1).seed(7L)), 3);
        int[] counts = new int[3];
        for (int token : draw(minP, logits, 5000)) counts[token]++;
        assertThat(counts[2]).isZero();
        assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(0);
        assertThat(counts[1]).isGreaterThan(0);

        Sampler without = new Sampler(params(given().seed(7L)), 3);
        int[] free = new int[3];
        for (int token : draw(without, logits, 5000)) free[token]++;
        assertThat(free[2]).isGreaterThan(0);
    }

    @Test
    void draws_follow_the_softmax_at_the_given_temperature() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        float[] logits = new float[p.length];
        for (int i = 0; i < p.length; i++) logits[i] = (float) Math.log(p[i]);
        for (double temperature : new double[] {1.0, 0.5, 2.0}) {
            double[] expected = new double[p.length];
            double sum = 0;
            for (int i = 0; i < p.length; i++) sum += expected[i] = Math.pow(p[i], 1 / temperature);
            for (int i = 0; i < p.length; i++) expected[i] /= sum;

            int draws = 100_000;
            Sampler sampler = new Sampler(params(given().temperature(temperature).seed(2024L)), p.length);
            long[] counts = new long[p.length];
            for (int token : draw(sampler, logits, draws)) counts[token]++;
            double chiSquare = 0;
            for (int i = 0; i < p.length; i++) {
                double e = expected[i] * draws;
                chiSquare += (counts[i] - e) * (counts[i] - e) / e;
            }
            // 3 degrees of freedom: 16.27 is the 99.9% quantile. A fixed seed makes this deterministic.
            assertThat(chiSquare).as("temperature %s counts %s", temperature, Arrays.toString(counts)).isLessThan(16.27);
        }
    }

    @Test
    void top_k_only_ever_draws_from_the_k_best() {
        float[] logits = randomLogits(9, 5000, 2.0);
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : a - b);
        boolean[] inTop10 = new boolean[logits.length];
        for (int i = 0; i < 10; i++) inTop10[order[i]] = true;
        Sampler topK = new Sampler(params(given().topK(10).temperature(5.0).seed(1L)), logits.length);
        for (int token : draw(topK, logits, 2000)) assertThat(inTop10[token]).isTrue();
    }

    @Test
    void rejects_logits_that_do_not_fit_the_sampler() {
        Sampler sampler = new Sampler(SamplingParams.greedy(), 10);
        assertThatThrownBy(() -> sampler.sample(new float[20], 20)).hasMessageContaining("vocabulary size 20");
        assertThatThrownBy(() -> sampler.sample(new float[5], 6)).hasMessageContaining("logits length 5");
        Sampler penalized = new Sampler(params(given().repetitionPenalty(1.1)), 10);
        assertThatThrownBy(() -> penalized.accept(10)).hasMessageContaining("token 10 is outside the vocabulary of 10");
    }

    /** Not a benchmark harness, just the number the design promises: one call on a 151936 vocabulary. */
    @Test
    void one_sample_on_a_full_qwen2_vocabulary_takes_well_under_a_few_milliseconds() {
        int vocab = 151936;
        float[] flat = randomLogits(5, vocab, 3.0);
        // Closer to a trained model: a broad background and a few dominant tokens.
        float[] peaked = randomLogits(6, vocab, 2.0);
        for (int i = 0; i < 20; i++) peaked[i * 7001] += 12 + i * 0.3f;
        record Case(String name, SamplingParams params) {}
        Case[] cases = {
                new Case("greedy", SamplingParams.greedy()),
                new Case("T=1 (no filter)", params(given().seed(1L))),
                new Case("T=0.6 top_p=0.95", params(given().temperature(0.6).topP(0.95).seed(1L))),
                new Case("T=0.6 top_k=40 top_p=0.95", params(given().temperature(0.6).topK(40).topP(0.95).seed(1L))),
                new Case("T=0.7 min_p=0.05 rep=1.1", params(given().temperature(0.7).minP(0.05).repetitionPenalty(1.1).seed(1L))),
        };
        StringBuilder report = new StringBuilder("sample() on " + vocab + " logits, median of 200 (flat N(0,3) | peaked):");
        for (Case c : cases) {
            report.append(String.format("%n  %-30s", c.name()));
            for (float[] logits : new float[][] {flat, peaked}) {
                long micros = medianMicros(new Sampler(c.params(), vocab, new int[] {1, 2, 3}), logits);
                report.append(String.format(" %6d us", micros));
                assertThat(micros).as(c.name()).isLessThan(50_000); // generous: shared CI cores
            }
        }
        System.out.println(report);
    }

    private static long medianMicros(Sampler sampler, float[] logits) {
        for (int warm = 0; warm < 300; warm++) sampler.sample(logits, logits.length);
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            sampler.sample(logits, logits.length);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1000;
    }

    private static int[] draw(Sampler sampler, float[] logits, int n) {
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) tokens[i] = sampler.sample(logits, logits.length);
        return tokens;
    }
}
