package r1j.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each stage against a brute-force version that sorts everything. */
class SamplerStagesTest {

    private static float[] logits(long seed, int n, boolean roundToTies) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()) * 2.5;
            l[i] = roundToTies ? Math.round(g * 2) / 2f : (float) g;
        }
        return l;
    }

    /** Ids best first: higher logit, then lower id. */
    private static int[] ranking(float[] l) {
        return java.util.stream.IntStream.range(0, l.length).boxed()
                .sorted((a, b) -> l[a] != l[b] ? Float.compare(l[b], l[a]) : a - b)
                .mapToInt(Integer::intValue).toArray();
    }

    private static Candidates full(float[] l) {
        Candidates c = new Candidates(l.length);
        c.fill(l, l.length);
        return c;
    }

    private static Set<Integer> ids(Candidates c) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < c.size; i++) s.add(c.ids[i]);
        return s;
    }

    private static Set<Integer> prefix(int[] ranking, int n) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < n; i++) s.add(ranking[i]);
        return s;
    }

    /** Brute force nucleus: sort everything, walk the prefix in double precision. */
    private static int nucleusSize(float[] l, int[] ranking, double p) {
        double max = l[ranking[0]];
        double total = 0;
        for (float v : l) total += Math.exp(v - max);
        double cumulative = 0;
        for (int i = 0; i < ranking.length; i++) {
            cumulative += Math.exp(l[ranking[i]] - max);
            if (cumulative >= p * total) return i + 1;
        }
        return ranking.length;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 40, 1000, 29_999})
    void top_k_keeps_the_k_best_in_order_with_ties_to_the_lower_id(int k) {
        for (boolean ties : new boolean[] {false, true}) {
            float[] l = logits(k, 30_000, ties);
            int[] ranking = ranking(l);
            Candidates c = full(l);
            new TopK(k).apply(c);
            assertThat(c.size).isEqualTo(k);
            assertThat(c.sorted).isTrue();
            assertThat(Arrays.copyOf(c.ids, k)).containsExactly(Arrays.copyOf(ranking, k));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-9, 0.1, 0.5, 0.9, 0.95, 0.999})
    void top_p_on_the_whole_vocabulary_keeps_exactly_the_nucleus(double p) {
        for (long seed = 0; seed < 6; seed++) {
            boolean ties = seed % 2 == 1;
            float[] l = logits(seed, seed < 4 ? 151_936 : 3000, ties);
            int[] ranking = ranking(l);
            int expected = nucleusSize(l, ranking, p);
            Candidates c = full(l);
            new TopP(p).apply(c);
            // float weights against a double reference may move the cut by one only when it sits on a rounding edge
            assertThat(c.size).as("seed %d", seed).isBetween(expected - 1, expected + 1);
            assertThat(ids(c)).isEqualTo(prefix(ranking, c.size));
        }
    }

    @Test
    void top_p_after_top_k_walks_the_sorted_prefix() {
        float[] l = logits(3, 10_000, false);
        int[] ranking = ranking(l);
        Candidates c = full(l);
        new TopK(100).apply(c);
        new TopP(0.5).apply(c);
        float[] top100 = new float[100];
        for (int i = 0; i < 100; i++) top100[i] = l[ranking[i]];
        int expected = nucleusSize(top100, ranking(top100), 0.5);
        assertThat(c.size).isEqualTo(expected);
        assertThat(Arrays.copyOf(c.ids, c.size)).containsExactly(Arrays.copyOf(ranking, expected));
    }

    @Test
    void top_p_handles_masked_tokens_and_a_single_value() {
        float[] l = new float[1000];
        Arrays.fill(l, Float.NEGATIVE_INFINITY);
        l[500] = 1f;
        l[7] = 1f;
        l[900] = 0f;
        Candidates c = full(l);
        new TopP(0.4).apply(c); // weights 1, 1, e^-1: the first of the tied pair (the lower id) is enough
        assertThat(ids(c)).containsExactly(7);
        Candidates both = full(l);
        new TopP(0.5).apply(both);
        assertThat(ids(both)).containsExactlyInAnyOrder(7, 500);

        float[] flat = new float[1000];
        Candidates d = full(flat);
        new TopP(0.25).apply(d);
        assertThat(d.size).isEqualTo(250);
        assertThat(ids(d)).isEqualTo(prefix(ranking(flat), 250));
    }

    @Test
    void min_p_keeps_tokens_within_the_ratio_of_the_best() {
        float[] l = {0f, (float) Math.log(0.2), (float) Math.log(0.05), -100f, (float) Math.log(0.1)};
        Candidates c = full(l);
        new MinP(0.1).apply(c);
        assertThat(Arrays.copyOf(c.ids, c.size)).containsExactly(0, 1, 4);
    }

    @Test
    void penalties_change_exactly_the_logits_of_seen_tokens() {
        SamplingParams params = SamplingParams.of(SamplingOverrides.builder()
                .repetitionPenalty(2.0).presencePenalty(0.5).frequencyPenalty(0.25).build());
        Penalties penalties = new Penalties(params, 6);
        penalties.reset(new int[] {1, 4, 1});
        penalties.accept(2);
        penalties.accept(2);
        penalties.accept(3);
        penalties.accept(4);
        Candidates c = full(new float[] {1f, 1f, 1f, -1f, 3f, 1f});
        penalties.apply(c);
        assertThat(c.logits).containsExactly(
                1f,                     // never seen
                0.5f,                   // prompt only: repetition divides a positive logit
                0.5f - 0.5f - 2 * 0.25f, // generated twice: repetition, presence, frequency x2
                -2f - 0.5f - 0.25f,     // generated once, negative: repetition multiplies
                1.5f - 0.5f - 0.25f,    // in prompt and generated: repetition applies once
                1f);

        penalties.reset(new int[0]);
        Candidates fresh = full(new float[] {1f, 1f, 1f, -1f, 3f, 1f});
        penalties.apply(fresh);
        assertThat(fresh.logits).containsExactly(1f, 1f, 1f, -1f, 3f, 1f);
    }

    @Test
    void temperature_divides_the_remaining_logits() {
        Candidates c = full(new float[] {1f, -2f, 4f});
        new Temperature(0.5).apply(c);
        assertThat(Arrays.copyOf(c.logits, 3)).containsExactly(2f, -4f, 8f);
    }
}
