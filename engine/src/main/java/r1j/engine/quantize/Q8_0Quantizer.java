package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q8_0 ({@code block_q8_0}: fp16 d, then 32 int8 q; value = d * q), as {@code quantize_row_q8_0_ref}:
 * d = max|x| / 127 and q = round(x / d), rounding halves away from zero like C's {@code roundf}.
 */
final class Q8_0Quantizer implements RowQuantizer {
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, BLOCK, type());
        for (int b = 0; b < n / BLOCK; b++) {
            int from = xOffset + b * BLOCK;
            int block = outOffset + b * BLOCK_BYTES;
            float amax = 0f;
            for (int j = 0; j < BLOCK; j++) amax = Math.max(amax, Math.abs(x[from + j]));
            float d = amax / 127f;
            // Like ggml, the values are scaled by the float d; only the stored d is rounded to fp16.
            float id = d != 0f ? 1f / d : 0f;
            LittleEndian.putHalf(out, block, d);
            for (int j = 0; j < BLOCK; j++) out[block + 2 + j] = (byte) roundHalfAwayFromZero(x[from + j] * id);
        }
    }

    private static int roundHalfAwayFromZero(float v) {
        // In double, |v| + 0.5 is exact for the |v| <= 127 seen here (in float, 0.49999997f + 0.5f rounds up to 1).
        return (int) Math.copySign(Math.floor(Math.abs((double) v) + 0.5), v);
    }
}
