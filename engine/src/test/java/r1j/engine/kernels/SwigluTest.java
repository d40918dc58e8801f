package r1j.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** SwiGLU's own exp: close to Math.exp, and the same bits for a value wherever a range split puts it. */
class SwigluTest {

    @Test
    void expIsWithinTwoUlpOfMathExpOverTheUsedRange() {
        for (float x = -87f; x <= 88f; x += 0.0137f) {
            double exact = Math.exp(x);
            assertThat((double) VectorMath.exp(x)).as("exp(%s)", x).isCloseTo(exact, within(2.5 * Math.ulp((float) exact)));
        }
        assertThat(VectorMath.exp(0f)).isEqualTo(1f);
        assertThat(VectorMath.exp(Float.NEGATIVE_INFINITY)).isPositive().isLessThan(1e-37f);
        assertThat(VectorMath.exp(Float.POSITIVE_INFINITY)).isFinite().isGreaterThan(1e38f);
        assertThat(VectorMath.exp(Float.NaN)).isNaN();
    }

    @Test
    void swigluGivesEachValueTheSameBitsWhateverTheSplitAndCloseToTheDefinition() {
        Random random = new Random(7);
        int n = 1000;
        float[] gate = new float[n], up = new float[n];
        for (int i = 0; i < n; i++) {
            gate[i] = (float) (random.nextGaussian() * (i % 10 == 0 ? 40 : 3));
            up[i] = (float) random.nextGaussian();
        }
        gate[5] = 100f;
        gate[6] = -100f;
        float[] whole = gate.clone();
        VectorMath.swiglu(whole, up, 0, n);
        for (int split : new int[] {1, 3, 7, 8, 13, 16, 333}) {
            float[] pieces = gate.clone();
            for (int from = 0; from < n; from += split) VectorMath.swiglu(pieces, up, from, Math.min(split, n - from));
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToRawIntBits(pieces[i])).as("value %d, split %d", i, split)
                        .isEqualTo(Float.floatToRawIntBits(whole[i]));
            }
        }
        for (int i = 0; i < n; i++) {
            double g = gate[i];
            double expected = g / (1 + Math.exp(-g)) * up[i];
            assertThat((double) whole[i]).as("value %d", i).isCloseTo(expected, within(1e-6 * Math.abs(expected) + 1e-30));
        }
    }
}
