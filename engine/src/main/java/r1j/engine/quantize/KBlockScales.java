package r1j.engine.quantize;

/**
 * The part Q4_K and Q5_K share ({@code quantize_row_q4_K_ref} / {@code quantize_row_q5_K_ref}): a 256-value block
 * of eight 32-value sub-blocks, each fitted with a scale and a min by {@link ScaleMinSearch} (weights
 * |x| + rms(sub-block)), then the eight scales and mins quantized to 6 bits against the block's largest of each
 * and packed into 12 bytes; the final levels are recomputed from the rounded scales, compensating their rounding.
 *
 * <p>Block layout: fp16 d at 0, fp16 dmin at 2, 12 bytes of scales at 4.
 */
final class KBlockScales {
    static final int BLOCK = 256;
    static final int SUB = 32;
    static final int SUBS = BLOCK / SUB;

    private final ScaleMinSearch search;
    private final byte[] trial = new byte[SUB];
    private final float[] weights = new float[SUB];
    private final float[] scales = new float[SUBS];
    private final float[] mins = new float[SUBS];

    /** Scratch for one thread: make one per {@code quantize} call. */
    KBlockScales(ScaleMinSearch search) {
        this.search = search;
    }

    /**
     * Quantizes block {@code x[from .. from+256)}: writes d, dmin and the packed scales at {@code out[block ..
     * block+16)} and the levels (0..nmax) to {@code levels[0..256)}.
     */
    void quantizeBlock(float[] x, int from, byte[] out, int block, byte[] levels) {
        int nmax = search.nmax();
        float maxScale = 0f;
        float maxMin = 0f;
        for (int j = 0; j < SUBS; j++) {
            int s = from + SUB * j;
            float sumX2 = 0f;
            for (int l = 0; l < SUB; l++) sumX2 += x[s + l] * x[s + l];
            float rms = (float) Math.sqrt(sumX2 / SUB);
            for (int l = 0; l < SUB; l++) weights[l] = rms + Math.abs(x[s + l]);
            scales[j] = search.fit(x, s, SUB, weights, levels, SUB * j, trial, mins, j);
            if (scales[j] > maxScale) maxScale = scales[j];
            if (mins[j] > maxMin) maxMin = mins[j];
        }

        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        int sc = block + 4;
        for (int i = 0; i < 12; i++) out[sc + i] = 0;
        for (int j = 0; j < SUBS; j++) {
            int ls = Math.min(63, LittleEndian.nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, LittleEndian.nearestInt(invMin * mins[j]) & 0xFF);
            // get_scale_min_k4's packing: sub-blocks 0..3 in the low 6 bits of bytes 0..7, sub-blocks 4..7 as
            // nibbles in bytes 8..11 plus their top 2 bits in the spare bits of bytes 0..7.
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
                levels[SUB * j + l] = (byte) ScaleMinSearch.clamp(q, 0, nmax);
            }
        }
    }

    private static int scaleOf(byte[] out, int sc, int j) {
        return j < 4 ? out[sc + j] & 63 : (out[sc + j + 4] & 0xF) | (((out[sc + j - 4] & 0xFF) >> 6) << 4);
    }

    private static int minOf(byte[] out, int sc, int j) {
        return j < 4 ? out[sc + j + 4] & 63 : ((out[sc + j + 4] & 0xFF) >> 4) | (((out[sc + j] & 0xFF) >> 6) << 4);
    }
}
