package r1j.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastExpTest {

    @Test
    void matches_math_exp_to_a_few_float_ulps_over_the_whole_non_positive_range() {
        double worst = 0;
        for (float x = 0f; x >= -87.6f; x -= 0.000731f) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FastExp.expNonPositive(x) - exact) / exact);
        }
        assertThat(worst).isLessThan(4e-7); // one float ulp is 6e-8 to 1.2e-7 relative
        assertThat(FastExp.expNonPositive(0f)).isEqualTo(1f);
    }

    @Test
    void flushes_what_float_cannot_hold_normally_to_zero() {
        assertThat(FastExp.expNonPositive(-87.5f)).isPositive();
        assertThat(FastExp.expNonPositive(-87.7f)).isZero();
        assertThat(FastExp.expNonPositive(-1000f)).isZero();
        assertThat(FastExp.expNonPositive(Float.NEGATIVE_INFINITY)).isZero();
    }

    @Test
    void the_bulk_form_gives_the_same_values_as_the_scalar_form() {
        int n = 10_007;
        float[] in = new float[n];
        for (int i = 0; i < n; i++) in[i] = 5f - i * 0.01f;
        in[3] = Float.NEGATIVE_INFINITY;
        float[] out = new float[n];
        FastExp.expShifted(in, 5f, out, new int[n], n);
        for (int i = 0; i < n; i++) assertThat(out[i]).as("x=%s", in[i] - 5f).isEqualTo(FastExp.expNonPositive(in[i] - 5f));
        assertThat(out[3]).isZero();
        assertThat(out[0]).isEqualTo(1f);
    }
}
