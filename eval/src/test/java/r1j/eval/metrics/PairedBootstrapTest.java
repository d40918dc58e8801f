package r1j.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    @Test
    void identical_runs_differ_by_exactly_zero() {
        double[] a = {1, 0, 1, 1, 0, 0.5};
        PairedBootstrap.Interval i = PairedBootstrap.difference(a, a.clone(), 2000, 0.95, 1);
        assertThat(i.difference()).isZero();
        assertThat(i.low()).isZero();
        assertThat(i.high()).isZero();
        assertThat(i.excludesZero()).isFalse();
    }

    @Test
    void a_constant_shift_gives_a_point_interval_and_pairing_removes_question_difficulty() {
        double[] a = new double[40];
        double[] b = new double[40];
        for (int q = 0; q < 40; q++) {
            a[q] = q / 40.0;              // questions of very different difficulty
            b[q] = a[q] + 0.1;            // B better by exactly 0.1 on each
        }
        PairedBootstrap.Interval i = PairedBootstrap.difference(a, b, 2000, 0.95, 1);
        assertThat(i.difference()).isCloseTo(0.1, within(1e-12));
        assertThat(i.low()).isCloseTo(0.1, within(1e-12));
        assertThat(i.high()).isCloseTo(0.1, within(1e-12));
        assertThat(i.excludesZero()).isTrue();
    }

    @Test
    void a_noisy_difference_has_an_interval_around_the_observed_mean() {
        double[] a = new double[100];
        double[] b = new double[100];
        for (int q = 0; q < 100; q++) {
            a[q] = q % 2;
            b[q] = q % 3 == 0 ? 1 : q % 2;
        }
        PairedBootstrap.Interval i = PairedBootstrap.difference(a, b, 5000, 0.95, 7);
        assertThat(i.low()).isLessThan(i.difference());
        assertThat(i.high()).isGreaterThan(i.difference());
        assertThat(i.difference()).isCloseTo(17.0 / 100, within(1e-12));
    }
}
