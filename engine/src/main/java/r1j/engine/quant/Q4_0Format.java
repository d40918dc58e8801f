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
 * Q4_0 ({@code block_q4_0}, 18 bytes for 32 values):
 * <pre>
 *   0  ggml_half d       scale
 *   2  uint8 qs[16]      value j      = ((qs[j] &amp; 0xF) - 8) * d    (j = 0..15)
 *                        value j + 16 = ((qs[j] &gt;&gt; 4)  - 8) * d
 * </pre>
 */
final class Q4_0Format implements QuantFormat {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_0");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 2 + j);
                out[o + j] = ((q & 0x0F) - 8) * d;
                out[o + j + BLOCK / 2] = ((q >>> 4) - 8) * d;
            }
        }
    }

    /** Bit-identical to {@link #dequantizeScalar}: {@code (nibble - 8) * d} per lane. */
    private static void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_0");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j += BYTE_LANES) {
                ByteVector q = ByteVector.fromMemorySegment(BYTES, data, block + 2 + j, LE);
                VectorDequant.biasedScaled(q.and((byte) 0x0F), 8f, d, out, o + j);
                VectorDequant.biasedScaled(q.lanewise(VectorOperators.LSHR, 4), 8f, d, out, o + j + BLOCK / 2);
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_0");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int xo = xOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 2 + j);
                sum += ((q & 0x0F) - 8) * d * x[xo + j];
                sum += ((q >>> 4) - 8) * d * x[xo + j + BLOCK / 2];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    private static float dotVector(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_0");
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            int xo = xOffset + b * BLOCK;
            FloatVector blockSum = FloatVector.zero(FLOATS);
            for (int j = 0; j < BLOCK / 2; j += BYTE_LANES) {
                ByteVector q = ByteVector.fromMemorySegment(BYTES, data, block + 2 + j, LE);
                ByteVector low = q.and((byte) 0x0F).sub((byte) 8);
                ByteVector high = q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
                for (int p = 0; p < BYTE_PARTS; p++) {
                    int xi = xo + j + p * FLOAT_LANES;
                    blockSum = ((FloatVector) low.convertShape(VectorOperators.B2F, FLOATS, p))
                            .fma(FloatVector.fromArray(FLOATS, x, xi), blockSum);
                    blockSum = ((FloatVector) high.convertShape(VectorOperators.B2F, FLOATS, p))
                            .fma(FloatVector.fromArray(FLOATS, x, xi + BLOCK / 2), blockSum);
                }
            }
            acc = blockSum.fma(FloatVector.broadcast(FLOATS, Layouts.fp16(data, block)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
