package r1j.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void nearest_rank_percentiles_pick_a_value_of_the_data() {
        double[] xs = {400, 100, 300, 200, 100, 200, 300, 400, 100, 200, 300, 400};
        assertThat(Stats.percentile(xs, 50)).isEqualTo(200);   // rank ceil(0.5 * 12) = 6
        assertThat(Stats.percentile(xs, 95)).isEqualTo(400);   // rank 12
        assertThat(Stats.percentile(xs, 25)).isEqualTo(100);   // rank 3
        assertThat(Stats.percentile(new double[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void the_standard_deviation_is_the_sample_one() {
        assertThat(Stats.sampleStd(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3, 0})).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(Stats.sampleStd(new double[] {0.5})).isZero();
        assertThat(Stats.mean(new double[] {1, 2, 3, 6})).isEqualTo(3);
    }
}
