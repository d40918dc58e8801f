package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q5_0 ({@code block_q5_0}: fp16 d, 4 bytes qh of fifth bits, 16 bytes of low nibbles; value = d * (q - 16)), as
 * {@code quantize_row_q5_0_ref}: d = m / -16 for the block's largest-magnitude value m, q = trunc(x / d + 16.5)
 * capped at 31. Q4_K_M uses it for tensors whose rows are not a whole number of 256-blocks.
 */
final class Q5_0Quantizer implements RowQuantizer {
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 22;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, BLOCK, type());
        for (int b = 0; b < n / BLOCK; b++) {
            int from = xOffset + b * BLOCK;
            int block = outOffset + b * BLOCK_BYTES;
            float max = LargestMagnitude.signedMax(x, from, BLOCK);
            float d = max / -16;
            float id = d != 0f ? 1f / d : 0f;
            LittleEndian.putHalf(out, block, d);
            int qh = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q0 = Math.min(31, LargestMagnitude.truncToInt8(x[from + j] * id + 16.5f)) & 0xFF;
                int q1 = Math.min(31, LargestMagnitude.truncToInt8(x[from + BLOCK / 2 + j] * id + 16.5f)) & 0xFF;
                out[block + 6 + j] = (byte) ((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10) >>> 4) << j;
                qh |= ((q1 & 0x10) >>> 4) << (j + BLOCK / 2);
            }
            LittleEndian.putInt(out, block + 2, qh);
        }
    }
}
