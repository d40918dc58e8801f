package r1j.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import r1j.engine.quant.VectorSupport;

/** Float32 vector helpers for activations: dot, axpy, RMSNorm, softmax, SiLU. All in-place or into given arrays. */
public final class VectorMath {
    /** The one kernel width (see {@link VectorSupport}): the fused decode kernels accumulate in the same lanes. */
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final boolean VECTORS = VectorSupport.ENABLED;

    private VectorMath() {}

    /**
     * Eight accumulators' lanes, per thread, for {@link #dots} and {@link #dotsPair}: they finish eight dot products
     * at a time through memory ({@link VectorSupport#sumLanes(float[], int)}), because with eight calls of
     * {@code sumLanes(FloatVector)} in one method the JIT left some out of line and boxed every vector passed.
     */
    private static final ThreadLocal<float[]> LANES =
            ThreadLocal.withInitial(() -> new float[8 * Math.max(1, VectorSupport.BIT_SIZE / 32)]);

    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0f;
        if (VECTORS && n >= F.length()) {
            FloatVector acc = FloatVector.zero(F);
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
            }
            sum = VectorSupport.sumLanes(acc);
        }
        for (; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    /** y[yOff..] += a * x[xOff..] over n values. */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        if (VECTORS) {
            FloatVector av = FloatVector.broadcast(F, a);
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }

    /**
     * {@code scores[sOff + j] = dot(q, qOff, keys, base + j * stride, n)} for {@code j < count}: the keys of one
     * attention head at consecutive positions of a KV block. Eight keys share each load of q and run as eight
     * independent FMA chains (one {@link #dot} is a single chain, bound by the FMA latency); every score keeps
     * {@link #dot}'s arithmetic to the bit, so attention does not depend on how positions are grouped.
     */
    public static void dots(float[] q, int qOff, float[] keys, int base, int stride, int count, int n,
                            float[] scores, int sOff) {
        int j = 0;
        if (VECTORS && n >= F.length() && count >= 8) {
            int upper = F.loopBound(n);
            float[] lanes = LANES.get();
            for (; j + 8 <= count; j += 8) {
                int k0 = base + j * stride;
                int k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride;
                int k4 = k3 + stride, k5 = k4 + stride, k6 = k5 + stride, k7 = k6 + stride;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int i = 0; i < upper; i += F.length()) {
                    FloatVector qv = FloatVector.fromArray(F, q, qOff + i);
                    a0 = qv.fma(FloatVector.fromArray(F, keys, k0 + i), a0);
                    a1 = qv.fma(FloatVector.fromArray(F, keys, k1 + i), a1);
                    a2 = qv.fma(FloatVector.fromArray(F, keys, k2 + i), a2);
                    a3 = qv.fma(FloatVector.fromArray(F, keys, k3 + i), a3);
                    a4 = qv.fma(FloatVector.fromArray(F, keys, k4 + i), a4);
                    a5 = qv.fma(FloatVector.fromArray(F, keys, k5 + i), a5);
                    a6 = qv.fma(FloatVector.fromArray(F, keys, k6 + i), a6);
                    a7 = qv.fma(FloatVector.fromArray(F, keys, k7 + i), a7);
                }
                int o = sOff + j, l = F.length();
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, l);
                a2.intoArray(lanes, 2 * l);
                a3.intoArray(lanes, 3 * l);
                a4.intoArray(lanes, 4 * l);
                a5.intoArray(lanes, 5 * l);
                a6.intoArray(lanes, 6 * l);
                a7.intoArray(lanes, 7 * l);
                scores[o] = finishDot(VectorSupport.sumLanes(lanes, 0), q, qOff, keys, k0, upper, n);
                scores[o + 1] = finishDot(VectorSupport.sumLanes(lanes, l), q, qOff, keys, k1, upper, n);
                scores[o + 2] = finishDot(VectorSupport.sumLanes(lanes, 2 * l), q, qOff, keys, k2, upper, n);
                scores[o + 3] = finishDot(VectorSupport.sumLanes(lanes, 3 * l), q, qOff, keys, k3, upper, n);
                scores[o + 4] = finishDot(VectorSupport.sumLanes(lanes, 4 * l), q, qOff, keys, k4, upper, n);
                scores[o + 5] = finishDot(VectorSupport.sumLanes(lanes, 5 * l), q, qOff, keys, k5, upper, n);
                scores[o + 6] = finishDot(VectorSupport.sumLanes(lanes, 6 * l), q, qOff, keys, k6, upper, n);
                scores[o + 7] = finishDot(VectorSupport.sumLanes(lanes, 7 * l), q, qOff, keys, k7, upper, n);
            }
        }
        for (; j < count; j++) scores[sOff + j] = dot(q, qOff, keys, base + j * stride, n);
    }

    /**
     * {@link #dots} for two query heads that read the same keys (grouped-query attention): a tile of two heads by four
     * keys shares each key load between the heads and each query load between the keys (six loads for eight FMAs,
     * where {@link #dots} takes nine). Every score keeps {@link #dot}'s arithmetic to the bit.
     */
    public static void dotsPair(float[] q, int qOffA, int qOffB, float[] keys, int base, int stride, int count, int n,
                                float[] scores, int sOffA, int sOffB) {
        int j = 0;
        if (VECTORS && n >= F.length() && count >= 4) {
            int upper = F.loopBound(n);
            float[] lanes = LANES.get();
            for (; j + 4 <= count; j += 4) {
                int k0 = base + j * stride, k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                for (int i = 0; i < upper; i += F.length()) {
                    FloatVector qa = FloatVector.fromArray(F, q, qOffA + i), qb = FloatVector.fromArray(F, q, qOffB + i);
                    FloatVector k = FloatVector.fromArray(F, keys, k0 + i);
                    a0 = qa.fma(k, a0);
                    b0 = qb.fma(k, b0);
                    k = FloatVector.fromArray(F, keys, k1 + i);
                    a1 = qa.fma(k, a1);
                    b1 = qb.fma(k, b1);
                    k = FloatVector.fromArray(F, keys, k2 + i);
                    a2 = qa.fma(k, a2);
                    b2 = qb.fma(k, b2);
                    k = FloatVector.fromArray(F, keys, k3 + i);
                    a3 = qa.fma(k, a3);
                    b3 = qb.fma(k, b3);
                }
                // Stored here, as in dots, not through a helper taking the eight vectors: a call the JIT leaves out
                // of line boxes each vector passed, the garbage LANES exists to avoid.
                int oa = sOffA + j, ob = sOffB + j, l = F.length();
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, l);
                a2.intoArray(lanes, 2 * l);
                a3.intoArray(lanes, 3 * l);
                b0.intoArray(lanes, 4 * l);
                b1.intoArray(lanes, 5 * l);
                b2.intoArray(lanes, 6 * l);
                b3.intoArray(lanes, 7 * l);
                scores[oa] = finishDot(VectorSupport.sumLanes(lanes, 0), q, qOffA, keys, k0, upper, n);
                scores[oa + 1] = finishDot(VectorSupport.sumLanes(lanes, l), q, qOffA, keys, k1, upper, n);
                scores[oa + 2] = finishDot(VectorSupport.sumLanes(lanes, 2 * l), q, qOffA, keys, k2, upper, n);
                scores[oa + 3] = finishDot(VectorSupport.sumLanes(lanes, 3 * l), q, qOffA, keys, k3, upper, n);
                scores[ob] = finishDot(VectorSupport.sumLanes(lanes, 4 * l), q, qOffB, keys, k0, upper, n);
                scores[ob + 1] = finishDot(VectorSupport.sumLanes(lanes, 5 * l), q, qOffB, keys, k1, upper, n);
                scores[ob + 2] = finishDot(VectorSupport.sumLanes(lanes, 6 * l), q, qOffB, keys, k2, upper, n);
                scores[ob + 3] = finishDot(VectorSupport.sumLanes(lanes, 7 * l), q, qOffB, keys, k3, upper, n);
            }
        }
        for (; j < count; j++) {
            scores[sOffA + j] = dot(q, qOffA, keys, base + j * stride, n);
            scores[sOffB + j] = dot(q, qOffB, keys, base + j * stride, n);
        }
    }

    /** {@link #dot}'s scalar tail after its vector part. */
    private static float finishDot(float sum, float[] a, int aOff, float[] b, int bOff, int from, int n) {
        for (int i = from; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    /**
     * {@code out[outOff ..] += weights[wOff + j] * values[base + j * stride ..]} over n values for {@code j < count}
     * in order of j: the probability-weighted values of one attention head at consecutive positions of a KV block.
     * Each value of out gets the same operations as {@code count} calls of {@link #axpy}, but eight vectors of out
     * stay in registers across all j instead of going through memory at every position.
     */
    public static void accumulate(float[] weights, int wOff, int count, float[] values, int base, int stride, int n,
                                  float[] out, int outOff) {
        int i = 0;
        if (VECTORS) {
            int lanes = F.length();
            for (; i + 8 * lanes <= n; i += 8 * lanes) {
                int o = outOff + i;
                FloatVector y0 = FloatVector.fromArray(F, out, o), y1 = FloatVector.fromArray(F, out, o + lanes);
                FloatVector y2 = FloatVector.fromArray(F, out, o + 2 * lanes), y3 = FloatVector.fromArray(F, out, o + 3 * lanes);
                FloatVector y4 = FloatVector.fromArray(F, out, o + 4 * lanes), y5 = FloatVector.fromArray(F, out, o + 5 * lanes);
                FloatVector y6 = FloatVector.fromArray(F, out, o + 6 * lanes), y7 = FloatVector.fromArray(F, out, o + 7 * lanes);
                for (int j = 0; j < count; j++) {
                    FloatVector w = FloatVector.broadcast(F, weights[wOff + j]);
                    int v = base + j * stride + i;
                    y0 = FloatVector.fromArray(F, values, v).fma(w, y0);
                    y1 = FloatVector.fromArray(F, values, v + lanes).fma(w, y1);
                    y2 = FloatVector.fromArray(F, values, v + 2 * lanes).fma(w, y2);
                    y3 = FloatVector.fromArray(F, values, v + 3 * lanes).fma(w, y3);
                    y4 = FloatVector.fromArray(F, values, v + 4 * lanes).fma(w, y4);
                    y5 = FloatVector.fromArray(F, values, v + 5 * lanes).fma(w, y5);
                    y6 = FloatVector.fromArray(F, values, v + 6 * lanes).fma(w, y6);
                    y7 = FloatVector.fromArray(F, values, v + 7 * lanes).fma(w, y7);
                }
                y0.intoArray(out, o);
                y1.intoArray(out, o + lanes);
                y2.intoArray(out, o + 2 * lanes);
                y3.intoArray(out, o + 3 * lanes);
                y4.intoArray(out, o + 4 * lanes);
                y5.intoArray(out, o + 5 * lanes);
                y6.intoArray(out, o + 6 * lanes);
                y7.intoArray(out, o + 7 * lanes);
            }
            for (; i + lanes <= n; i += lanes) {
                FloatVector y = FloatVector.fromArray(F, out, outOff + i);
                for (int j = 0; j < count; j++) {
                    y = FloatVector.fromArray(F, values, base + j * stride + i).fma(FloatVector.broadcast(F, weights[wOff + j]), y);
                }
                y.intoArray(out, outOff + i);
            }
        }
        for (; i < n; i++) {
            float y = out[outOff + i];
            for (int j = 0; j < count; j++) y += weights[wOff + j] * values[base + j * stride + i];
            out[outOff + i] = y;
        }
    }

    /** out = x / sqrt(mean(x^2) + eps) * weight, over n values. */
    public static void rmsNorm(float[] x, int xOff, float[] weight, float eps, float[] out, int outOff, int n) {
        double sumSq = 0;  // double: the sum of 1536 squares is where float32 loses the most
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            sumSq += v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(sumSq / n + eps));
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * scale * weight[i];
    }

    /** In-place softmax over {@code x[off .. off+n)}. */
    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) x[off + i] *= inv;
    }

    /**
     * gate[i] = silu(gate[i]) * up[i]: the SwiGLU activation, with {@link #exp}'s arithmetic, eight or sixteen values at
     * a time. Every value gets the same float operations whether it falls in a vector or in the scalar tail, so a
     * value's bits do not depend on how the threads split the range.
     */
    public static void swiglu(float[] gate, float[] up, int off, int n) {
        int i = off, end = off + n;
        if (VECTORS) {
            for (int upper = off + F.loopBound(n); i < upper; i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, gate, i);
                FloatVector e = exp(g.neg());
                g.div(e.add(1f)).mul(FloatVector.fromArray(F, up, i)).intoArray(gate, i);
            }
        }
        for (; i < end; i++) {
            float g = gate[i];
            gate[i] = g / (exp(-g) + 1f) * up[i];
        }
    }

    // exp(x) = 2^k e^r, k = round(x / ln 2), |r| <= ln 2 / 2, e^r from Cephes' expf polynomial (error about 1 ulp).
    // Written with IEEE operations only (no Math.exp, no lanewise EXP) so that the JIT-compiled, interpreted, vector
    // and scalar forms all give the same bits: a vector EXP intrinsic and its Java fallback may differ in the last bit.
    private static final float EXP_HI = 88f, EXP_LO = -87f;   // keeps 2^k a normal float (k in -126..127)
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;             // 1.5 * 2^23: x + ROUND - ROUND rounds x to an integer
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /** e^x for x clamped to [-87, 88] (NaN stays NaN); the scalar twin of the vector form below. */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float k = (x * LOG2E + ROUND) - ROUND;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float er = Math.fma(p, r * r, r) + 1f;
        return er * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    private static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        FloatVector k = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = k.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, P0).fma(r, FloatVector.broadcast(F, P1));
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        FloatVector er = p.fma(r.mul(r), r).add(1f);
        FloatVector twoK = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return er.mul(twoK);
    }

    public static void add(float[] y, float[] x, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) y[i] += x[i];
    }
}
