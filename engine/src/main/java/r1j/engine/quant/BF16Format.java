package r1j.engine.quant;

import static r1j.engine.quant.VectorSupport.FLOATS;
import static r1j.engine.quant.VectorSupport.FLOAT_LANES;
import static r1j.engine.quant.VectorSupport.INTS;
import static r1j.engine.quant.VectorSupport.LE;
import static r1j.engine.quant.VectorSupport.SHORTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import r1j.engine.tensor.GgmlType;

/** BF16: one little-endian bfloat16 per value, the upper 16 bits of a float32 (no blocks; 2 bytes a value). */
final class BF16Format implements QuantFormat {

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = Layouts.bf16(data, byteOffset + 2L * i);
        }
    }

    /** Exact bf16-to-float widening, lane by lane, then the scalar tail. */
    private static void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        int i = 0;
        for (int upper = n - FLOAT_LANES; i <= upper; i += FLOAT_LANES) load(data, byteOffset, i).intoArray(out, outOffset + i);
        for (; i < n; i++) out[outOffset + i] = Layouts.bf16(data, byteOffset + 2L * i);
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += Layouts.bf16(data, byteOffset + 2L * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    private static float dotVector(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        int i = 0;
        for (int upper = n - 2 * FLOAT_LANES; i <= upper; i += 2 * FLOAT_LANES) {
            acc0 = load(data, byteOffset, i).fma(FloatVector.fromArray(FLOATS, x, xOffset + i), acc0);
            acc1 = load(data, byteOffset, i + FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, x, xOffset + i + FLOAT_LANES), acc1);
        }
        for (int upper = n - FLOAT_LANES; i <= upper; i += FLOAT_LANES) {
            acc0 = load(data, byteOffset, i).fma(FloatVector.fromArray(FLOATS, x, xOffset + i), acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += Layouts.bf16(data, byteOffset + 2L * i) * x[xOffset + i];
        }
        return sum;
    }

    /** Widen each 16-bit lane to 32 and shift it into the top half: the sign extension is shifted out. */
    private static FloatVector load(MemorySegment data, long byteOffset, int index) {
        ShortVector halves = ShortVector.fromMemorySegment(SHORTS, data, byteOffset + 2L * index, LE);
        IntVector bits = (IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0);
        return bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }
}
