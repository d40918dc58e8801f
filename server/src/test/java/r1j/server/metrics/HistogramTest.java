package r1j.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void counts_each_value_in_the_first_bucket_whose_bound_is_not_below_it_cumulatively() {
        Histogram h = new Histogram(0.1, 1.0, 10.0);
        h.observe(0.05);
        h.observe(0.1);
        h.observe(0.5);
        h.observe(20.0);
        Histogram.Snapshot s = h.snapshot();
        assertThat(s.cumulative()).containsExactly(2, 3, 3);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.sum()).isCloseTo(20.65, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void refuses_bounds_that_do_not_increase() {
        assertThatThrownBy(() -> new Histogram(1.0, 1.0)).hasMessageContaining("increase strictly");
    }
}
