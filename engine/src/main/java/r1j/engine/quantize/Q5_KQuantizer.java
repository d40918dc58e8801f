package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q5_K ({@code block_q5_K}, 176 bytes per 256 values: fp16 d, fp16 dmin, 12 bytes of 6-bit sub-block scales and
 * mins, qh[32] fifth bits, qs[128] low 4 bits; value = d * scale * q - dmin * min), as
 * {@code quantize_row_q5_K_ref}: scales and mins per 32 values from {@link KBlockScales} with ggml's search
 * parameters for 5 bits (nmax 31, rmin -0.5, rdelta 0.1, 15 steps).
 */
final class Q5_KQuantizer implements RowQuantizer {
    private static final int BLOCK_BYTES = 176;
    private static final ScaleMinSearch SEARCH = new ScaleMinSearch(31, -0.5f, 0.1f, 15);

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, KBlockScales.BLOCK, type());
        KBlockScales scales = new KBlockScales(SEARCH);
        byte[] levels = new byte[KBlockScales.BLOCK];
        for (int b = 0; b < n / KBlockScales.BLOCK; b++) {
            int block = outOffset + b * BLOCK_BYTES;
            scales.quantizeBlock(x, xOffset + b * KBlockScales.BLOCK, out, block, levels);
            int qh = block + 16;
            int ql = block + 48;
            for (int i = 0; i < 32; i++) out[qh + i] = 0;
            // Per 64 values: low nibbles in 32 bytes as for Q4_K; the fifth bits go to qh[l], bit 2k for value l
            // and bit 2k+1 for value l+32 of the k-th group of 64.
            int m1 = 1;
            int m2 = 2;
            for (int j = 0; j < KBlockScales.BLOCK; j += 64) {
                for (int l = 0; l < 32; l++) {
                    int l1 = levels[j + l];
                    int l2 = levels[j + l + 32];
                    if (l1 > 15) {
                        l1 -= 16;
                        out[qh + l] |= (byte) m1;
                    }
                    if (l2 > 15) {
                        l2 -= 16;
                        out[qh + l] |= (byte) m2;
                    }
                    out[ql + l] = (byte) (l1 | (l2 << 4));
                }
                m1 <<= 2;
                m2 <<= 2;
                ql += 32;
            }
        }
    }
}
