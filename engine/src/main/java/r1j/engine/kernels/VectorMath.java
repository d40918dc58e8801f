package r1j.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import r1j.engine.quant.VectorSupport;

/** Float32 vector helpers for activations: dot, axpy, RMSNorm, softmax, SiLU. All in-place or into given arrays. */
public final class VectorMath {
    /** The one kernel width (see {@link VectorSupport}): the fused decode kernels accumulate in the same lanes. */
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final boolean VECTORS = VectorSupport.ENABLED;

    private VectorMath() {}

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

    /** gate[i] = silu(gate[i]) * up[i]: the SwiGLU activation. */
    public static void swiglu(float[] gate, float[] up, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    public static void add(float[] y, float[] x, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) y[i] += x[i];
    }
}
