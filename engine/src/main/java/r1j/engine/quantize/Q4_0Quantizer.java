package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q4_0 ({@code block_q4_0}: fp16 d, 16 bytes of 4-bit q, value = d * (q - 8)), as {@code quantize_row_q4_0_ref}:
 * d = m / -8 where m is the block's value of largest magnitude (sign kept, so m itself maps to level 0 and the
 * 16 levels reach one step further on the other side), q = trunc(x / d + 8.5) capped at 15. Values 0..15 go to
 * the low nibbles, 16..31 to the high nibbles.
 */
final class Q4_0Quantizer implements RowQuantizer {
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, BLOCK, type());
        for (int b = 0; b < n / BLOCK; b++) {
            int from = xOffset + b * BLOCK;
            int block = outOffset + b * BLOCK_BYTES;
            float max = LargestMagnitude.signedMax(x, from, BLOCK);
            float d = max / -8;
            float id = d != 0f ? 1f / d : 0f;
            LittleEndian.putHalf(out, block, d);
            for (int j = 0; j < BLOCK / 2; j++) {
                int q0 = Math.min(15, LargestMagnitude.truncToInt8(x[from + j] * id + 8.5f));
                int q1 = Math.min(15, LargestMagnitude.truncToInt8(x[from + BLOCK / 2 + j] * id + 8.5f));
                out[block + 2 + j] = (byte) (q0 | (q1 << 4));
            }
        }
    }
}
