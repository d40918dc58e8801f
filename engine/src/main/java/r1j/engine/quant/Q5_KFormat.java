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
 * Q5_K ({@code block_q5_K}, 176 bytes for a super-block of 256 values in 8 sub-blocks of 32):
 * <pre>
 *   0  ggml_half d       super-block scale of the scales
 *   2  ggml_half dmin    super-block scale of the mins
 *   4  uint8 scales[12]  eight 6-bit scales and mins, see {@link KScales}
 *  16  uint8 qh[32]      fifth bits: bit s of qh[l] belongs to value 32s + l (sub-block s)
 *  48  uint8 qs[128]     low 4 bits as in Q4_K: 32 bytes per 64 values, low nibbles sub-block 2g, high 2g+1
 *  value = (d * scale) * (nibble + 16 * fifth bit) - (dmin * min)
 * </pre>
 */
final class Q5_KFormat implements QuantFormat {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 176;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_K");
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            values(data, block, q);
            int y = outOffset + b * BLOCK;
            for (int s = 0; s < 8; s++) {
                float ds = d * KScales.scale(data, block + 4, s);
                float ms = min * KScales.min(data, block + 4, s);
                for (int i = 32 * s; i < 32 * s + 32; i++) out[y + i] = ds * q[i] - ms;
            }
        }
    }

    /**
     * The 256 unsigned 5-bit values of the super-block at {@code block}, in value order. Per 64 values g, byte l of
     * the group's 32 {@code qs} bytes holds the low 4 bits of values l (low nibble) and l+32 (high nibble); bits 2g
     * and 2g+1 of {@code qh} byte l are their fifth bits.
     */
    static void values(MemorySegment data, long block, int[] q) {
        for (int g = 0; g < 4; g++) {
            long qs = block + 48 + 32 * g;
            int y = 64 * g;
            for (int l = 0; l < 32; l++) {
                int low = Layouts.u8(data, qs + l);
                int high = Layouts.u8(data, block + 16 + l);
                q[y + l] = (low & 0xF) | (high >>> (2 * g) & 1) << 4;
                q[y + l + 32] = (low >>> 4) | (high >>> (2 * g + 1) & 1) << 4;
            }
        }
    }

    /**
     * {@link #values} in byte lanes: values {@code j .. j + BYTE_LANES} of sub-block {@code s} (32 values), from the
     * {@code qs} bytes of its group of 64 and the {@code qh} bytes at the same {@code j}.
     */
    private static ByteVector values(ByteVector qs, ByteVector qh, int s) {
        ByteVector low = (s & 1) == 0 ? qs.and((byte) 0x0F) : qs.lanewise(VectorOperators.LSHR, 4);
        return low.or(qh.lanewise(VectorOperators.LSHR, s).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
    }

    /** Bit-identical to {@link #dequantizeScalar}: {@code (d * scale) * q - (dmin * min)} per lane. */
    private static void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_K");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            long low = KScales.low(data, block + 4);
            int high = KScales.high(data, block + 4);
            int y = outOffset + b * BLOCK;
            for (int g = 0; g < 4; g++) {
                float d1 = d * KScales.scale(low, high, 2 * g);
                float m1 = min * KScales.min(low, high, 2 * g);
                float d2 = d * KScales.scale(low, high, 2 * g + 1);
                float m2 = min * KScales.min(low, high, 2 * g + 1);
                long ql = block + 48 + 32 * g;
                for (int j = 0; j < 32; j += BYTE_LANES) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BYTES, data, ql + j, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BYTES, data, block + 16 + j, LE);
                    VectorDequant.affine(values(bytes, qh, 2 * g), d1, m1, out, y + j);
                    VectorDequant.affine(values(bytes, qh, 2 * g + 1), d2, m2, out, y + 32 + j);
                }
                y += 64;
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_K");
        float sum = 0f;
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            values(data, block, q);
            int y = xOffset + b * BLOCK;
            for (int s = 0; s < 8; s++) {
                float ds = d * KScales.scale(data, block + 4, s);
                float ms = min * KScales.min(data, block + 4, s);
                for (int i = 32 * s; i < 32 * s + 32; i++) sum += (ds * q[i] - ms) * x[y + i];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    private static float dotVector(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_K");
        FloatVector accLow = FloatVector.zero(FLOATS);
        FloatVector accHigh = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            for (int g = 0; g < 4; g++) {
                FloatVector d1 = FloatVector.broadcast(FLOATS, d * KScales.scale(data, block + 4, 2 * g));
                FloatVector m1 = FloatVector.broadcast(FLOATS, -(min * KScales.min(data, block + 4, 2 * g)));
                FloatVector d2 = FloatVector.broadcast(FLOATS, d * KScales.scale(data, block + 4, 2 * g + 1));
                FloatVector m2 = FloatVector.broadcast(FLOATS, -(min * KScales.min(data, block + 4, 2 * g + 1)));
                long ql = block + 48 + 32 * g;
                int y = xOffset + b * BLOCK + 64 * g;
                for (int j = 0; j < 32; j += BYTE_LANES) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BYTES, data, ql + j, LE);
                    ByteVector qh = ByteVector.fromMemorySegment(BYTES, data, block + 16 + j, LE);
                    ByteVector low = values(bytes, qh, 2 * g);
                    ByteVector high = values(bytes, qh, 2 * g + 1);
                    for (int p = 0; p < BYTE_PARTS; p++) {
                        int xi = y + j + p * FLOAT_LANES;
                        FloatVector w1 = ((FloatVector) low.convertShape(VectorOperators.B2F, FLOATS, p)).fma(d1, m1);
                        accLow = w1.fma(FloatVector.fromArray(FLOATS, x, xi), accLow);
                        FloatVector w2 = ((FloatVector) high.convertShape(VectorOperators.B2F, FLOATS, p)).fma(d2, m2);
                        accHigh = w2.fma(FloatVector.fromArray(FLOATS, x, xi + 32), accHigh);
                    }
                }
            }
        }
        return accLow.add(accHigh).reduceLanes(VectorOperators.ADD);
    }
}
