package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q4_K ({@code block_q4_K}, 144 bytes per 256 values: fp16 d, fp16 dmin, 12 bytes of 6-bit sub-block scales and
 * mins, 128 bytes of 4-bit q; value = d * scale * q - dmin * min), as {@code quantize_row_q4_K_ref}: scales and
 * mins per 32 values from {@link KBlockScales} with ggml's search parameters for 4 bits (nmax 15, rmin -1,
 * rdelta 0.1, 20 steps).
 */
final class Q4_KQuantizer implements RowQuantizer {
    private static final int BLOCK_BYTES = 144;
    private static final ScaleMinSearch SEARCH = new ScaleMinSearch(15, -1f, 0.1f, 20);

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, KBlockScales.BLOCK, type());
        KBlockScales scales = new KBlockScales(SEARCH);
        byte[] levels = new byte[KBlockScales.BLOCK];
        for (int b = 0; b < n / KBlockScales.BLOCK; b++) {
            int block = outOffset + b * BLOCK_BYTES;
            scales.quantizeBlock(x, xOffset + b * KBlockScales.BLOCK, out, block, levels);
            // Each 32 bytes hold 64 values: the low nibbles the first 32, the high nibbles the next 32.
            int qs = block + 16;
            for (int j = 0; j < KBlockScales.BLOCK; j += 64) {
                for (int l = 0; l < 32; l++) out[qs + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 4));
                qs += 32;
            }
        }
    }
}
