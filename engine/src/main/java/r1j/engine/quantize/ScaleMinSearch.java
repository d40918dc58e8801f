package r1j.engine.quantize;

/**
 * ggml's {@code make_qkx2_quants} (squared error, no MAD): the scale and min of one sub-block of an asymmetric
 * k-quant (x ~ scale * q - min, q in 0..nmax) minimising the weighted squared error. It tries {@code nstep + 1}
 * candidate scales {@code (nmax + rmin + rdelta * i) / range}, each refined by a weighted least-squares fit.
 * Q4_K calls it with (15, -1, 0.1, 20) and Q5_K with (31, -0.5, 0.1, 15), as their {@code quantize_row_*_ref} do.
 *
 * <p>The float operations are written in ggml's order (Java does not fuse or reassociate), so the chosen levels
 * and scales are bit-identical to ggml's.
 */
record ScaleMinSearch(int nmax, float rmin, float rdelta, int nstep) {

    /**
     * Fits {@code n} values {@code x[s..s+n)} with weights {@code w[0..n)}; writes the levels to
     * {@code levels[lo..lo+n)} and the min (as a positive number to subtract) to {@code minOut[minIndex]};
     * returns the scale. {@code trial} is scratch of at least {@code n} bytes.
     */
    float fit(float[] x, int s, int n, float[] w, byte[] levels, int lo, byte[] trial, float[] minOut, int minIndex) {
        float min = x[s];
        float max = x[s];
        float sumW = w[0];
        float sumX = sumW * x[s];
        for (int i = 1; i < n; i++) {
            // ggml's strict comparisons (not Math.min/max, which order -0.0 and 0.0 differently)
            if (x[s + i] < min) min = x[s + i];
            if (x[s + i] > max) max = x[s + i];
            sumW += w[i];
            sumX += w[i] * x[s + i];
        }
        if (min > 0) min = 0;
        if (max == min) {
            for (int i = 0; i < n; i++) levels[lo + i] = 0;
            minOut[minIndex] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0f;
        for (int i = 0; i < n; i++) {
            int l = clamp(LittleEndian.nearestInt(iscale * (x[s + i] - min)), 0, nmax);
            levels[lo + i] = (byte) l;
            float diff = scale * l + min - x[s + i];
            bestError += w[i] * diff * diff;
        }
        for (int step = 0; step <= nstep; step++) {
            iscale = (rmin + rdelta * step + nmax) / (max - min);
            float sumL = 0f;
            float sumL2 = 0f;
            float sumXL = 0f;
            for (int i = 0; i < n; i++) {
                int l = clamp(LittleEndian.nearestInt(iscale * (x[s + i] - min)), 0, nmax);
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
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * trial[i] + thisMin - x[s + i];
                    error += w[i] * diff * diff;
                }
                if (error < bestError) {
                    System.arraycopy(trial, 0, levels, lo, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        minOut[minIndex] = -min;
        return scale;
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
