package r1j.engine.quant;

import static r1j.engine.quant.VectorSupport.BYTES;
import static r1j.engine.quant.VectorSupport.BYTE_LANES;
import static r1j.engine.quant.VectorSupport.BYTE_PARTS;
import static r1j.engine.quant.VectorSupport.FLOATS;
import static r1j.engine.quant.VectorSupport.FLOAT_LANES;
import static r1j.engine.quant.VectorSupport.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import r1j.engine.tensor.GgmlType;

/**
 * Q8_0 ({@code block_q8_0}, 34 bytes for 32 values):
 * <pre>
 *   0  ggml_half d       scale
 *   2  int8 qs[32]       value j = qs[j] * d
 * </pre>
 */
final class Q8_0Format implements QuantFormat, RowBlockDot {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q8_0");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK; j++) {
                out[o + j] = Layouts.i8(data, block + 2 + j) * d;
            }
        }
    }

    /** Bit-identical to {@link #dequantizeScalar}: {@code q * d} per lane. */
    private static void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q8_0");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK; j += BYTE_LANES) {
                VectorDequant.scaled(ByteVector.fromMemorySegment(BYTES, data, block + 2 + j, LE), d, out, o + j);
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q8_0");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int xo = xOffset + b * BLOCK;
            for (int j = 0; j < BLOCK; j++) {
                sum += Layouts.i8(data, block + 2 + j) * d * x[xo + j];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? rowDot(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    /** See {@link RowBlockDot}: {@code q * d} per lane as {@link VectorDequant#scaled}, then one FMA per lane. */
    @Override
    public float rowDot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q8_0");
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / BLOCK; b++) {
            acc = blockDot(data, byteOffset + (long) b * BLOCK_BYTES, x, xOffset + b * BLOCK, acc);
        }
        return VectorSupport.sumLanes(acc);
    }

    /** Four rows advancing together: Q8_0's block code is small enough for the JIT to inline four times over. */
    @Override
    public void dot4Rows(MemorySegment data, long byteOffset, long rowBytes, float[] x, int xOffset, int n, float[] out, int outOffset) {
        Layouts.checkBlocks(n, BLOCK, "Q8_0");
        FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            int xo = xOffset + b * BLOCK;
            a0 = blockDot(data, block, x, xo, a0);
            a1 = blockDot(data, block + rowBytes, x, xo, a1);
            a2 = blockDot(data, block + 2 * rowBytes, x, xo, a2);
            a3 = blockDot(data, block + 3 * rowBytes, x, xo, a3);
        }
        out[outOffset] = VectorSupport.sumLanes(a0);
        out[outOffset + 1] = VectorSupport.sumLanes(a1);
        out[outOffset + 2] = VectorSupport.sumLanes(a2);
        out[outOffset + 3] = VectorSupport.sumLanes(a3);
    }

    private static FloatVector blockDot(MemorySegment data, long block, float[] x, int xo, FloatVector acc) {
        float d = Layouts.fp16(data, block);
        for (int j = 0; j < BLOCK; j += BYTE_LANES) {
            ByteVector q = ByteVector.fromMemorySegment(BYTES, data, block + 2 + j, LE);
            for (int p = 0; p < BYTE_PARTS; p++) {
                FloatVector w = ((FloatVector) q.convertShape(VectorOperators.B2F, FLOATS, p)).mul(d);
                acc = w.fma(FloatVector.fromArray(FLOATS, x, xo + j + p * FLOAT_LANES), acc);
            }
        }
        return acc;
    }
}
