package r1j.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import r1j.engine.quant.VectorSupport;

/**
 * Register-blocked dot products: up to 4 weight rows against up to 6 inputs at once, so each loaded vector feeds
 * several FMAs. Every (row, input) pair keeps its own accumulator and sees exactly the operations of
 * {@link VectorMath#dot} in the same order, so results are bit-identical to it whatever the blocking: this is what
 * keeps the matmul batch-invariant.
 */
final class DotKernels {
    /** The one kernel width (see {@link VectorSupport}): the fused decode kernels accumulate in the same lanes. */
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final boolean VECTORS = VectorSupport.ENABLED;

    /** Per-thread scratch where a kernel leaves its accumulators for {@link #finish}: 24 vectors (4 rows x 6 inputs). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[24 * (VECTORS ? F.length() : 1)]);

    private DotKernels() {}

    /**
     * {@code out[(t0+j)*outStride + r0+i] = dot(rows[i*n ..], in[(t0+j)*n ..])} for {@code i < rowCount},
     * {@code j < inputCount}.
     */
    static void block(float[] rows, int rowCount, float[] in, int t0, int inputCount, int n, float[] out,
            int outStride, int r0) {
        if (!VECTORS || n < F.length() || rowCount != 4 || inputCount < 1 || inputCount > 6) {
            for (int j = 0; j < inputCount; j++) {
                for (int i = 0; i < rowCount; i++) {
                    out[(t0 + j) * outStride + r0 + i] = VectorMath.dot(rows, i * n, in, (t0 + j) * n, n);
                }
            }
            return;
        }
        float[] lanes = LANES.get();
        switch (inputCount) {
            case 6 -> rows4inputs6(lanes, rows, in, t0 * n, n, out, t0 * outStride + r0, outStride);
            case 5 -> {
                rows4inputs3(lanes, rows, in, t0 * n, n, out, t0 * outStride + r0, outStride);
                rows4inputs2(lanes, rows, in, (t0 + 3) * n, n, out, (t0 + 3) * outStride + r0, outStride);
            }
            case 4 -> {
                rows4inputs2(lanes, rows, in, t0 * n, n, out, t0 * outStride + r0, outStride);
                rows4inputs2(lanes, rows, in, (t0 + 2) * n, n, out, (t0 + 2) * outStride + r0, outStride);
            }
            case 3 -> rows4inputs3(lanes, rows, in, t0 * n, n, out, t0 * outStride + r0, outStride);
            case 2 -> rows4inputs2(lanes, rows, in, t0 * n, n, out, t0 * outStride + r0, outStride);
            default -> rows4inputs1(lanes, rows, in, t0 * n, n, out, t0 * outStride + r0);
        }
    }

    /**
     * The prefill workhorse: 24 accumulators, and each step loads 4 weight vectors and 6 input vectors for 24 FMAs
     * (the 4x3 block's 7 loads for 12 FMAs left it bound by loads). Each input vector is used at once by the four
     * rows, so only one is live at a time: 24 + 4 + 1 vector registers.
     */
    private static void rows4inputs6(float[] lanes, float[] w, float[] x, int xOff, int n, float[] out, int o, int stride) {
        FloatVector a00 = FloatVector.zero(F), a10 = a00, a20 = a00, a30 = a00;
        FloatVector a01 = a00, a11 = a00, a21 = a00, a31 = a00;
        FloatVector a02 = a00, a12 = a00, a22 = a00, a32 = a00;
        FloatVector a03 = a00, a13 = a00, a23 = a00, a33 = a00;
        FloatVector a04 = a00, a14 = a00, a24 = a00, a34 = a00;
        FloatVector a05 = a00, a15 = a00, a25 = a00, a35 = a00;
        int upper = F.loopBound(n);
        for (int k = 0; k < upper; k += F.length()) {
            FloatVector w0 = FloatVector.fromArray(F, w, k);
            FloatVector w1 = FloatVector.fromArray(F, w, n + k);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * n + k);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * n + k);
            FloatVector v = FloatVector.fromArray(F, x, xOff + k);
            a00 = w0.fma(v, a00);
            a10 = w1.fma(v, a10);
            a20 = w2.fma(v, a20);
            a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, x, xOff + n + k);
            a01 = w0.fma(v, a01);
            a11 = w1.fma(v, a11);
            a21 = w2.fma(v, a21);
            a31 = w3.fma(v, a31);
            v = FloatVector.fromArray(F, x, xOff + 2 * n + k);
            a02 = w0.fma(v, a02);
            a12 = w1.fma(v, a12);
            a22 = w2.fma(v, a22);
            a32 = w3.fma(v, a32);
            v = FloatVector.fromArray(F, x, xOff + 3 * n + k);
            a03 = w0.fma(v, a03);
            a13 = w1.fma(v, a13);
            a23 = w2.fma(v, a23);
            a33 = w3.fma(v, a33);
            v = FloatVector.fromArray(F, x, xOff + 4 * n + k);
            a04 = w0.fma(v, a04);
            a14 = w1.fma(v, a14);
            a24 = w2.fma(v, a24);
            a34 = w3.fma(v, a34);
            v = FloatVector.fromArray(F, x, xOff + 5 * n + k);
            a05 = w0.fma(v, a05);
            a15 = w1.fma(v, a15);
            a25 = w2.fma(v, a25);
            a35 = w3.fma(v, a35);
        }
        a00.intoArray(lanes, 0 * F.length());
        a10.intoArray(lanes, 1 * F.length());
        a20.intoArray(lanes, 2 * F.length());
        a30.intoArray(lanes, 3 * F.length());
        a01.intoArray(lanes, 4 * F.length());
        a11.intoArray(lanes, 5 * F.length());
        a21.intoArray(lanes, 6 * F.length());
        a31.intoArray(lanes, 7 * F.length());
        a02.intoArray(lanes, 8 * F.length());
        a12.intoArray(lanes, 9 * F.length());
        a22.intoArray(lanes, 10 * F.length());
        a32.intoArray(lanes, 11 * F.length());
        a03.intoArray(lanes, 12 * F.length());
        a13.intoArray(lanes, 13 * F.length());
        a23.intoArray(lanes, 14 * F.length());
        a33.intoArray(lanes, 15 * F.length());
        a04.intoArray(lanes, 16 * F.length());
        a14.intoArray(lanes, 17 * F.length());
        a24.intoArray(lanes, 18 * F.length());
        a34.intoArray(lanes, 19 * F.length());
        a05.intoArray(lanes, 20 * F.length());
        a15.intoArray(lanes, 21 * F.length());
        a25.intoArray(lanes, 22 * F.length());
        a35.intoArray(lanes, 23 * F.length());
        finish(lanes, 6, w, x, xOff, upper, n, out, o, stride);
    }

    private static void rows4inputs3(float[] lanes, float[] w, float[] x, int xOff, int n, float[] out, int o, int stride) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
        int x1 = xOff + n, x2 = xOff + 2 * n;
        int upper = F.loopBound(n);
        for (int k = 0; k < upper; k += F.length()) {
            FloatVector v0 = FloatVector.fromArray(F, x, xOff + k);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + k);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + k);
            FloatVector w0 = FloatVector.fromArray(F, w, k);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a02 = w0.fma(v2, a02);
            FloatVector w1 = FloatVector.fromArray(F, w, n + k);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a12 = w1.fma(v2, a12);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * n + k);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            a22 = w2.fma(v2, a22);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * n + k);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
            a32 = w3.fma(v2, a32);
        }
        a00.intoArray(lanes, 0 * F.length());
        a10.intoArray(lanes, 1 * F.length());
        a20.intoArray(lanes, 2 * F.length());
        a30.intoArray(lanes, 3 * F.length());
        a01.intoArray(lanes, 4 * F.length());
        a11.intoArray(lanes, 5 * F.length());
        a21.intoArray(lanes, 6 * F.length());
        a31.intoArray(lanes, 7 * F.length());
        a02.intoArray(lanes, 8 * F.length());
        a12.intoArray(lanes, 9 * F.length());
        a22.intoArray(lanes, 10 * F.length());
        a32.intoArray(lanes, 11 * F.length());
        finish(lanes, 3, w, x, xOff, upper, n, out, o, stride);
    }

    private static void rows4inputs2(float[] lanes, float[] w, float[] x, int xOff, int n, float[] out, int o, int stride) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int x1 = xOff + n;
        int upper = F.loopBound(n);
        for (int k = 0; k < upper; k += F.length()) {
            FloatVector v0 = FloatVector.fromArray(F, x, xOff + k);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + k);
            FloatVector w0 = FloatVector.fromArray(F, w, k);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            FloatVector w1 = FloatVector.fromArray(F, w, n + k);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * n + k);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * n + k);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
        }
        a00.intoArray(lanes, 0 * F.length());
        a10.intoArray(lanes, 1 * F.length());
        a20.intoArray(lanes, 2 * F.length());
        a30.intoArray(lanes, 3 * F.length());
        a01.intoArray(lanes, 4 * F.length());
        a11.intoArray(lanes, 5 * F.length());
        a21.intoArray(lanes, 6 * F.length());
        a31.intoArray(lanes, 7 * F.length());
        finish(lanes, 2, w, x, xOff, upper, n, out, o, stride);
    }

    private static void rows4inputs1(float[] lanes, float[] w, float[] x, int xOff, int n, float[] out, int o) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int upper = F.loopBound(n);
        for (int k = 0; k < upper; k += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + k);
            a0 = FloatVector.fromArray(F, w, k).fma(v, a0);
            a1 = FloatVector.fromArray(F, w, n + k).fma(v, a1);
            a2 = FloatVector.fromArray(F, w, 2 * n + k).fma(v, a2);
            a3 = FloatVector.fromArray(F, w, 3 * n + k).fma(v, a3);
        }
        a0.intoArray(lanes, 0 * F.length());
        a1.intoArray(lanes, 1 * F.length());
        a2.intoArray(lanes, 2 * F.length());
        a3.intoArray(lanes, 3 * F.length());
        finish(lanes, 1, w, x, xOff, upper, n, out, o, 0);
    }

    /**
     * Lane reduction and scalar tail, exactly as {@link VectorMath#dot} ends, for the {@code 4 x inputs} accumulators
     * a kernel stored in {@code lanes} (row i of input j at {@code (4j + i) * lanes}). A separate method, reading the
     * accumulators back from memory: reducing 24 vectors inside the 4x6 kernel pushed it past the JIT's inlining
     * budget, and the reductions left as calls boxed their vectors (gigabytes of garbage per prompt).
     */
    private static void finish(float[] lanes, int inputs, float[] w, float[] x, int xOff, int from, int n, float[] out,
            int o, int stride) {
        for (int j = 0; j < inputs; j++) {
            for (int i = 0; i < 4; i++) {
                float sum = VectorSupport.sumLanes(FloatVector.fromArray(F, lanes, (4 * j + i) * F.length()));
                for (int c = from; c < n; c++) sum += w[i * n + c] * x[xOff + j * n + c];
                out[o + j * stride + i] = sum;
            }
        }
    }
}
