package r1j.engine.quant;

import static r1j.engine.quant.VectorSupport.FLOATS;
import static r1j.engine.quant.VectorSupport.FLOAT_LANES;
import static r1j.engine.quant.VectorSupport.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import r1j.engine.tensor.GgmlType;

/** F32: one little-endian IEEE float32 per value (no blocks; 4 bytes a value). */
final class F32Format implements QuantFormat {

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        MemorySegment.copy(data, Layouts.FLOAT_LE, byteOffset, out, outOffset, n);
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += data.get(Layouts.FLOAT_LE, byteOffset + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    /** Four independent accumulators hide the FMA latency; the tail that fills no vector runs scalar. */
    private static float dotVector(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        for (int upper = n - 4 * FLOAT_LANES; i <= upper; i += 4 * FLOAT_LANES) {
            acc0 = load(data, byteOffset, i).fma(FloatVector.fromArray(FLOATS, x, xOffset + i), acc0);
            acc1 = load(data, byteOffset, i + FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, x, xOffset + i + FLOAT_LANES), acc1);
            acc2 = load(data, byteOffset, i + 2 * FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, x, xOffset + i + 2 * FLOAT_LANES), acc2);
            acc3 = load(data, byteOffset, i + 3 * FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, x, xOffset + i + 3 * FLOAT_LANES), acc3);
        }
        for (int upper = n - FLOAT_LANES; i <= upper; i += FLOAT_LANES) {
            acc0 = load(data, byteOffset, i).fma(FloatVector.fromArray(FLOATS, x, xOffset + i), acc0);
        }
        float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += data.get(Layouts.FLOAT_LE, byteOffset + 4L * i) * x[xOffset + i];
        }
        return sum;
    }

    private static FloatVector load(MemorySegment data, long byteOffset, int index) {
        return FloatVector.fromMemorySegment(FLOATS, data, byteOffset + 4L * index, LE);
    }
}
