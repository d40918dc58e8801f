package r1j.engine.quantize;

/** Helpers of ggml's symmetric 32-blocks (Q4_0, Q5_0): the signed largest-magnitude value and C's int8 cast. */
final class LargestMagnitude {
    private LargestMagnitude() {}

    /** The value of largest magnitude, sign kept; the first of equal magnitudes wins (ggml's strict {@code <}). */
    static float signedMax(float[] x, int from, int n) {
        float amax = 0f;
        float max = 0f;
        for (int j = 0; j < n; j++) {
            float v = x[from + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        return max;
    }

    /** C's {@code (int8_t) v} for the small non-negative v the quantizers produce: truncation toward zero. */
    static int truncToInt8(float v) {
        return (byte) (int) v;
    }
}
