package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q5_1 ({@code block_q5_1}: fp16 d, fp16 m, 4 bytes qh of fifth bits, 16 bytes of low nibbles; value = d * q + m),
 * as {@code quantize_row_q5_1_ref}: m = the block's min, d = (max - min) / 31, q = trunc((x - min) / d + 0.5).
 * Q5_K_M uses it for tensors whose rows are not a whole number of 256-blocks.
 */
final class Q5_1Quantizer implements RowQuantizer {
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 24;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_1;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, BLOCK, type());
        for (int b = 0; b < n / BLOCK; b++) {
            int from = xOffset + b * BLOCK;
            int block = outOffset + b * BLOCK_BYTES;
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int j = 0; j < BLOCK; j++) {
                float v = x[from + j];
                if (v < min) min = v;
                if (v > max) max = v;
            }
            float d = (max - min) / 31;
            float id = d != 0f ? 1f / d : 0f;
            LittleEndian.putHalf(out, block, d);
            LittleEndian.putHalf(out, block + 2, min);
            int qh = 0;
            for (int j = 0; j < BLOCK / 2; j++) {
                // C's (uint8_t) of a float in 0..31.5: truncation.
                int q0 = (int) ((x[from + j] - min) * id + 0.5f) & 0xFF;
                int q1 = (int) ((x[from + BLOCK / 2 + j] - min) * id + 0.5f) & 0xFF;
                out[block + 8 + j] = (byte) ((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10) >>> 4) << j;
                qh |= ((q1 & 0x10) >>> 4) << (j + BLOCK / 2);
            }
            LittleEndian.putInt(out, block + 4, qh);
        }
    }
}
