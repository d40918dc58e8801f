package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Q4_K ({@code block_q4_K}, 144 bytes per 256 values: fp16 d, fp16 dmin, 12 bytes of 6-bit sub-block scales and
 * mins, 128 bytes of 4-bit q; value = d * scale * q - dmin * min), as {@code quantize_row_q4_K_ref}:
 * <ol>
 *   <li>each sub-block of 32 gets its own scale and min from a weighted least-squares search
 *       ({@link #fitScaleAndMin}, ggml's {@code make_qkx2_quants}), weights |x| + rms(sub-block);</li>
 *   <li>the eight scales and eight mins are quantized to 6 bits against the block's largest of each;</li>
 *   <li>the 4-bit values are recomputed with the rounded scales, so rounding of the scales is compensated.</li>
 * </ol>
 */
final class Q4_KQuantizer implements RowQuantizer {
    private static final int BLOCK = 256;
    private static final int BLOCK_BYTES = 144;
    private static final int SUB = 32;
    private static final int SUBS = BLOCK / SUB;
    private static final int NMAX = 15;
    /** Scale search of make_qkx2_quants as quantize_row_q4_K_ref calls it: iscale = (nmax + rmin + rdelta * i) / range. */
    private static final float RMIN = -1f;
    private static final float RDELTA = 0.1f;
    private static final int NSTEP = 20;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        RowQuantizers.checkBlocks(n, BLOCK, type());
        byte[] levels = new byte[BLOCK];
        byte[] trial = new byte[SUB];
        float[] weights = new float[SUB];
        float[] scales = new float[SUBS];
        float[] mins = new float[SUBS];
        for (int b = 0; b < n / BLOCK; b++) {
            int from = xOffset + b * BLOCK;
            int block = outOffset + b * BLOCK_BYTES;
            float maxScale = 0f;
            float maxMin = 0f;
            for (int j = 0; j < SUBS; j++) {
                int s = from + SUB * j;
                float sumX2 = 0f;
                for (int l = 0; l < SUB; l++) sumX2 += x[s + l] * x[s + l];
                float rms = (float) Math.sqrt(sumX2 / SUB);
                for (int l = 0; l < SUB; l++) weights[l] = rms + Math.abs(x[s + l]);
                scales[j] = fitScaleAndMin(x, s, weights, levels, SUB * j, trial, mins, j);
                maxScale = Math.max(maxScale, scales[j]);
                maxMin = Math.max(maxMin, mins[j]);
            }

            float invScale = maxScale > 0 ? 63f / maxScale : 0f;
            float invMin = maxMin > 0 ? 63f / maxMin : 0f;
            int sc = block + 4;
            for (int i = 0; i < 12; i++) out[sc + i] = 0;
            for (int j = 0; j < SUBS; j++) {
                int ls = clamp(LittleEndian.nearestInt(invScale * scales[j]), 0, 63);
                int lm = clamp(LittleEndian.nearestInt(invMin * mins[j]), 0, 63);
                // The 12-byte packing of get_scale_min_k4: sub-blocks 0..3 in the low 6 bits of bytes 0..7,
                // sub-blocks 4..7 as nibbles in bytes 8..11 plus their top 2 bits in the spare bits of bytes 0..7.
                if (j < 4) {
                    out[sc + j] = (byte) ls;
                    out[sc + j + 4] = (byte) lm;
                } else {
                    out[sc + j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                    out[sc + j - 4] |= (byte) ((ls >> 4) << 6);
                    out[sc + j] |= (byte) ((lm >> 4) << 6);
                }
            }
            LittleEndian.putHalf(out, block, maxScale / 63f);
            LittleEndian.putHalf(out, block + 2, maxMin / 63f);
            float d = LittleEndian.roundToHalf(maxScale / 63f);
            float dmin = LittleEndian.roundToHalf(maxMin / 63f);

            for (int j = 0; j < SUBS; j++) {
                float subScale = d * scaleOf(out, sc, j);
                if (subScale == 0f) continue;
                float subMin = dmin * minOf(out, sc, j);
                for (int l = 0; l < SUB; l++) {
                    int q = LittleEndian.nearestInt((x[from + SUB * j + l] + subMin) / subScale);
                    levels[SUB * j + l] = (byte) clamp(q, 0, NMAX);
                }
            }

            int qs = block + 16;
            for (int j = 0; j < BLOCK; j += 64) {
                for (int l = 0; l < 32; l++) out[qs + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 4));
                qs += 32;
            }
        }
    }

    private static int scaleOf(byte[] out, int sc, int j) {
        return j < 4 ? out[sc + j] & 63 : (out[sc + j + 4] & 0xF) | (((out[sc + j - 4] & 0xFF) >> 6) << 4);
    }

    private static int minOf(byte[] out, int sc, int j) {
        return j < 4 ? out[sc + j + 4] & 63 : ((out[sc + j + 4] & 0xFF) >> 4) | (((out[sc + j] & 0xFF) >> 6) << 4);
    }

    /**
     * ggml's {@code make_qkx2_quants} for one sub-block: finds scale and min (x ~ scale * q - min, q in 0..15)
     * minimising the weighted squared error, trying NSTEP+1 candidate scales each refined by a least-squares fit.
     * Writes the levels to {@code levels[lo..lo+32)} and the min (as a positive number to subtract) to
     * {@code minOut[minIndex]}; returns the scale.
     */
    private static float fitScaleAndMin(float[] x, int s, float[] w, byte[] levels, int lo, byte[] trial,
            float[] minOut, int minIndex) {
        float min = x[s];
        float max = x[s];
        float sumW = w[0];
        float sumX = sumW * x[s];
        for (int i = 1; i < SUB; i++) {
            min = Math.min(min, x[s + i]);
            max = Math.max(max, x[s + i]);
            sumW += w[i];
            sumX += w[i] * x[s + i];
        }
        if (min > 0) min = 0;
        if (max == min) {
            for (int i = 0; i < SUB; i++) levels[lo + i] = 0;
            minOut[minIndex] = -min;
            return 0f;
        }
        float iscale = NMAX / (max - min);
        float scale = 1 / iscale;
        float bestError = 0f;
        for (int i = 0; i < SUB; i++) {
            int l = clamp(LittleEndian.nearestInt(iscale * (x[s + i] - min)), 0, NMAX);
            levels[lo + i] = (byte) l;
            float diff = scale * l + min - x[s + i];
            bestError += w[i] * diff * diff;
        }
        for (int step = 0; step <= NSTEP; step++) {
            iscale = (RMIN + RDELTA * step + NMAX) / (max - min);
            float sumL = 0f;
            float sumL2 = 0f;
            float sumXL = 0f;
            for (int i = 0; i < SUB; i++) {
                int l = clamp(LittleEndian.nearestInt(iscale * (x[s + i] - min)), 0, NMAX);
                trial[i] = (byte) l;
                sumL += w[i] * l;
                sumL2 += w[i] * l * l;
                sumXL += w[i] * l * x[s + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0f;
                for (int i = 0; i < SUB; i++) {
                    float diff = thisScale * trial[i] + thisMin - x[s + i];
                    error += w[i] * diff * diff;
                }
                if (error < bestError) {
                    System.arraycopy(trial, 0, levels, lo, SUB);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        minOut[minIndex] = -min;
        return scale;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
