package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q6_K ({@code block_q6_K}, 210 bytes per 256 values: ql[128] low 4 bits, qh[64] high 2 bits, int8 scales[16] one
 * per 16 values, fp16 d; value = d * scale * (q - 32)), as {@code quantize_row_q6_K_ref}: each sub-block of 16 gets
 * a scale from {@link #fitScale} (ggml's {@code make_qx_quants}, weights x^2), the scales are quantized to int8
 * against the largest, and the 6-bit values are recomputed with the rounded scales.
 */
final class Q6_KQuantizer implements RowQuantizer {
    private static final int BLOCK = 256;
    private static final int BLOCK_BYTES = 210;
    private static final int SUB = 16;
    private static final int SUBS = BLOCK / SUB;
    private static final int NMAX = 32;
    private static final float GROUP_MAX_EPS = 1e-15f;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, BLOCK, type());
        byte[] levels = new byte[BLOCK];
        float[] scales = new float[SUBS];
        for (int b = 0; b < n / BLOCK; b++) {
            int from = xOffset + b * BLOCK;
            int block = outOffset + b * BLOCK_BYTES;
            float maxScale = 0f;
            float maxAbsScale = 0f;
            for (int j = 0; j < SUBS; j++) {
                scales[j] = fitScale(x, from + SUB * j, levels, SUB * j);
                if (Math.abs(scales[j]) > maxAbsScale) {
                    maxAbsScale = Math.abs(scales[j]);
                    maxScale = scales[j];
                }
            }
            if (maxAbsScale < GROUP_MAX_EPS) {
                for (int i = 0; i < BLOCK_BYTES; i++) out[block + i] = 0;
                continue;
            }
            // The largest-magnitude scale maps to -128, so the int8 scales use their full range.
            float iscale = -128f / maxScale;
            LittleEndian.putHalf(out, block + 208, 1 / iscale);
            float d = LittleEndian.roundToHalf(1 / iscale);
            for (int j = 0; j < SUBS; j++) {
                out[block + 192 + j] = (byte) Math.min(127, LittleEndian.nearestInt(iscale * scales[j]));
            }
            for (int j = 0; j < SUBS; j++) {
                float subScale = d * out[block + 192 + j];
                if (subScale == 0f) continue;
                for (int i = 0; i < SUB; i++) {
                    int q = LittleEndian.nearestInt(x[from + SUB * j + i] / subScale);
                    levels[SUB * j + i] = (byte) (Math.max(-32, Math.min(31, q)) + 32);
                }
            }
            int ql = block;
            int qh = block + 128;
            for (int j = 0; j < BLOCK; j += 128) {
                for (int l = 0; l < 32; l++) {
                    int q1 = levels[j + l];
                    int q2 = levels[j + l + 32];
                    int q3 = levels[j + l + 64];
                    int q4 = levels[j + l + 96];
                    out[ql + l] = (byte) ((q1 & 0xF) | ((q3 & 0xF) << 4));
                    out[ql + l + 32] = (byte) ((q2 & 0xF) | ((q4 & 0xF) << 4));
                    out[qh + l] = (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
                }
                ql += 64;
                qh += 32;
            }
        }
    }

    /**
     * ggml's {@code make_qx_quants(16, 32, x, L, rmse_type = 1)}: a signed scale (x ~ scale * q, q in -32..31)
     * from the largest-magnitude value, then 18 nearby candidates, keeping the best x^2-weighted least-squares fit.
     * Writes biased levels (q + 32) to {@code levels[lo..lo+16)}.
     */
    private static float fitScale(float[] x, int s, byte[] levels, int lo) {
        float max = 0f;
        float amax = 0f;
        for (int i = 0; i < SUB; i++) {
            float ax = Math.abs(x[s + i]);
            if (ax > amax) {
                amax = ax;
                max = x[s + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < SUB; i++) levels[lo + i] = 0;
            return 0f;
        }
        float iscale = -NMAX / max;
        float sumLX = 0f;
        float sumL2 = 0f;
        for (int i = 0; i < SUB; i++) {
            int l = level(iscale, x[s + i]);
            levels[lo + i] = (byte) (l + NMAX);
            float w = x[s + i] * x[s + i];
            sumLX += w * x[s + i] * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f;
        float best = scale * sumLX;
        for (int step = -9; step <= 9; step++) {
            if (step == 0) continue;
            iscale = -(NMAX + 0.1f * step) / max;
            sumLX = 0f;
            sumL2 = 0f;
            for (int i = 0; i < SUB; i++) {
                int l = level(iscale, x[s + i]);
                float w = x[s + i] * x[s + i];
                sumLX += w * x[s + i] * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < SUB; i++) levels[lo + i] = (byte) (level(iscale, x[s + i]) + NMAX);
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }

    private static int level(float iscale, float x) {
        return Math.max(-NMAX, Math.min(NMAX - 1, LittleEndian.nearestInt(iscale * x)));
    }
}
