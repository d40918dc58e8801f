package r1j.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked attention helpers must give {@link VectorMath#dot}'s and {@link VectorMath#axpy}'s bits exactly: a
 * token's attention is computed by them whatever the batch, so any difference would break batch invariance between
 * a prefill and the same positions decoded one at a time.
 */
class AttentionKernelsTest {

    @ParameterizedTest(name = "n={0} count={1}")
    @CsvSource({"128, 1", "128, 7", "128, 8", "128, 19", "64, 33", "130, 17", "5, 9", "3, 8", "256, 0"})
    void dotsMatchDotBitForBit(int n, int count) {
        Random random = new Random(n * 31L + count);
        int stride = n + 13;
        float[] q = values(random, n + 3);
        float[] keys = values(random, 7 + stride * Math.max(count, 1) + n);
        float[] scores = new float[count + 2];
        VectorMath.dots(q, 3, keys, 7, stride, count, n, scores, 2);
        for (int j = 0; j < count; j++) {
            float expected = VectorMath.dot(q, 3, keys, 7 + j * stride, n);
            assertThat(Float.floatToRawIntBits(scores[2 + j])).as("score %d", j).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    @ParameterizedTest(name = "n={0} count={1}")
    @CsvSource({"128, 1", "128, 4", "128, 7", "128, 16", "64, 33", "130, 17", "5, 9", "3, 8", "256, 0"})
    void dotsPairMatchDotBitForBit(int n, int count) {
        Random random = new Random(n * 37L + count);
        int stride = n + 11;
        float[] q = values(random, 2 * n + 5);
        float[] keys = values(random, 3 + stride * Math.max(count, 1) + n);
        float[] scores = new float[2 * count + 4];
        VectorMath.dotsPair(q, 5, 5 + n, keys, 3, stride, count, n, scores, 1, 3 + count);
        for (int j = 0; j < count; j++) {
            float a = VectorMath.dot(q, 5, keys, 3 + j * stride, n), b = VectorMath.dot(q, 5 + n, keys, 3 + j * stride, n);
            assertThat(Float.floatToRawIntBits(scores[1 + j])).as("head a, score %d", j).isEqualTo(Float.floatToRawIntBits(a));
            assertThat(Float.floatToRawIntBits(scores[3 + count + j])).as("head b, score %d", j).isEqualTo(Float.floatToRawIntBits(b));
        }
    }

    @ParameterizedTest(name = "n={0} count={1}")
    @CsvSource({"128, 1", "128, 20", "64, 33", "130, 17", "200, 5", "5, 9", "3, 8", "256, 0"})
    void accumulateMatchesAxpyBitForBit(int n, int count) {
        Random random = new Random(n * 17L + count);
        int stride = n + 5;
        float[] weights = values(random, count + 4);
        float[] v = values(random, 11 + stride * Math.max(count, 1) + n);
        float[] start = values(random, n + 6);
        float[] expected = start.clone();
        for (int j = 0; j < count; j++) VectorMath.axpy(weights[4 + j], v, 11 + j * stride, expected, 6, n);
        float[] actual = start.clone();
        VectorMath.accumulate(weights, 4, count, v, 11, stride, n, actual, 6);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("value %d", i).isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    private static float[] values(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextGaussian();
        return a;
    }
}
