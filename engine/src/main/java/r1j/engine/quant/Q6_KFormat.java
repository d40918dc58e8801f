package r1j.engine.quant;

import static r1j.engine.quant.VectorSupport.BYTES;
import static r1j.engine.quant.VectorSupport.BYTE_LANES;
import static r1j.engine.quant.VectorSupport.BYTE_PARTS;
import static r1j.engine.quant.VectorSupport.FLOATS;
import static r1j.engine.quant.VectorSupport.FLOAT_LANES;
import static r1j.engine.quant.VectorSupport.INTS;
import static r1j.engine.quant.VectorSupport.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import r1j.engine.tensor.GgmlType;

/**
 * Q6_K ({@code block_q6_K}, 210 bytes for a super-block of 256 values in 16 sub-blocks of 16):
 * <pre>
 *   0  uint8 ql[128]     low 4 bits; per 128-value half h (64 bytes at 64h), for l = 0..31:
 *                        ql[l] low nibble -&gt; value l, ql[l+32] low -&gt; l+32, ql[l] high -&gt; l+64, ql[l+32] high -&gt; l+96
 * 128  uint8 qh[64]      high 2 bits; per half 32 bytes at 32h: bits 0-1, 2-3, 4-5, 6-7 of qh[l] go with
 *                        values l, l+32, l+64, l+96
 * 192  int8 scales[16]   signed per-sub-block scales (sub-block = 16 values)
 * 208  ggml_half d       super-block scale
 *  value = (d * scale) * (q - 32)
 * </pre>
 */
final class Q6_KFormat implements QuantFormat, RowBlockDot {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 210;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q6_K");
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 208);
            values(data, block, q);
            int y = outOffset + b * BLOCK;
            for (int i = 0; i < BLOCK; i++) out[y + i] = d * Layouts.i8(data, block + 192 + i / 16) * q[i];
        }
    }

    /**
     * The 256 values {@code q - 32} of the super-block at {@code block}, in value order. Per 128-value half h, for
     * l = 0..31: ql byte l gives values l (low nibble) and l+64 (high nibble), ql byte l+32 gives l+32 and l+96, and
     * bits 0-1, 2-3, 4-5, 6-7 of qh byte l are the top two bits of values l, l+32, l+64, l+96.
     */
    static void values(MemorySegment data, long block, int[] q) {
        for (int half = 0; half < 2; half++) {
            long ql = block + 64 * half;
            long qh = block + 128 + 32 * half;
            int y = 128 * half;
            for (int l = 0; l < 32; l++) {
                int a = Layouts.u8(data, ql + l);
                int c = Layouts.u8(data, ql + l + 32);
                int h = Layouts.u8(data, qh + l);
                q[y + l] = ((a & 0xF) | (h & 3) << 4) - 32;
                q[y + l + 32] = ((c & 0xF) | (h >>> 2 & 3) << 4) - 32;
                q[y + l + 64] = ((a >>> 4) | (h >>> 4 & 3) << 4) - 32;
                q[y + l + 96] = ((c >>> 4) | (h >>> 6) << 4) - 32;
            }
        }
    }

    /** Bit-identical to {@link #dequantizeScalar}: {@code (d * scale) * (q - 32)} per lane, q from 4 + 2 bits. */
    private static void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q6_K");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 208);
            for (int half = 0; half < 2; half++) {
                // The half's 8 int8 scales in one read.
                long scales = data.get(Layouts.LONG_LE, block + 192 + 8 * half);
                long ql = block + 64 * half;
                long qh = block + 128 + 32 * half;
                long sc = block + 192 + 8 * half;
                int y = outOffset + b * BLOCK + 128 * half;
                for (int l = 0; l < 32; l += BYTE_LANES) {
                    // A run of BYTE_LANES <= 16 values never crosses a 16-value scale group.
                    int is = l / 16;
                    ByteVector a = ByteVector.fromMemorySegment(BYTES, data, ql + l, LE);
                    ByteVector c = ByteVector.fromMemorySegment(BYTES, data, ql + l + 32, LE);
                    ByteVector h = ByteVector.fromMemorySegment(BYTES, data, qh + l, LE);
                    ByteVector q1 = a.and((byte) 0x0F).or(h.and((byte) 3).lanewise(VectorOperators.LSHL, 4));
                    ByteVector q2 = c.and((byte) 0x0F).or(h.lanewise(VectorOperators.LSHR, 2).and((byte) 3).lanewise(VectorOperators.LSHL, 4));
                    ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 4).and((byte) 3).lanewise(VectorOperators.LSHL, 4));
                    ByteVector q4 = c.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 6).lanewise(VectorOperators.LSHL, 4));
                    VectorDequant.biasedScaled(q1, 32f, d * (byte) (scales >>> (8 * is)), out, y + l);
                    VectorDequant.biasedScaled(q2, 32f, d * (byte) (scales >>> (8 * (is + 2))), out, y + l + 32);
                    VectorDequant.biasedScaled(q3, 32f, d * (byte) (scales >>> (8 * (is + 4))), out, y + l + 64);
                    VectorDequant.biasedScaled(q4, 32f, d * (byte) (scales >>> (8 * (is + 6))), out, y + l + 96);
                }
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q6_K");
        float sum = 0f;
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 208);
            values(data, block, q);
            for (int half = 0; half < 2; half++) {
                long sc = block + 192 + 8 * half;
                int v = 128 * half;
                int y = xOffset + b * BLOCK + v;
                for (int l = 0; l < 32; l++) {  // ggml's order: the four values a ql/qh byte pair holds, together
                    int is = l / 16;
                    sum += d * Layouts.i8(data, sc + is) * q[v + l] * x[y + l];
                    sum += d * Layouts.i8(data, sc + is + 2) * q[v + l + 32] * x[y + l + 32];
                    sum += d * Layouts.i8(data, sc + is + 4) * q[v + l + 64] * x[y + l + 64];
                    sum += d * Layouts.i8(data, sc + is + 6) * q[v + l + 96] * x[y + l + 96];
                }
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? rowDot(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    /**
     * See {@link RowBlockDot}: the lanes of {@link #dequantizeVector} ({@code (q - 32) * (d*scale)}) met in value order,
     * so per 128-value half the four 32-value quarters one after the other. Quarter k takes its low 4 bits from
     * {@code ql} byte l (k even) or l+32 (k odd), low nibble (k < 2) or high nibble (k >= 2), and its top 2 bits
     * from bits 2k..2k+1 of {@code qh} byte l.
     */
    @Override
    public float rowDot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q6_K");
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 208);
            for (int half = 0; half < 2; half++) {
                long scales = data.get(Layouts.LONG_LE, block + 192 + 8 * half);
                long qh = block + 128 + 32 * half;
                for (int k = 0; k < 4; k++) {
                    long ql = block + 64 * half + (k & 1) * 32;
                    int nibbleShift = k < 2 ? 0 : 4;
                    int y = xOffset + b * BLOCK + 128 * half + 32 * k;
                    for (int l = 0; l < 32; l += BYTE_LANES) {
                        float scale = d * (byte) (scales >>> (8 * (l / 16 + 2 * k)));
                        ByteVector low = ByteVector.fromMemorySegment(BYTES, data, ql + l, LE);
                        ByteVector high = ByteVector.fromMemorySegment(BYTES, data, qh + l, LE);
                        for (int p = 0; p < BYTE_PARTS; p++) {
                            FloatVector w = sixBits(low, high, p, nibbleShift, 2 * k).sub(32f).mul(scale);
                            acc = w.fma(FloatVector.fromArray(FLOATS, x, y + l + p * FLOAT_LANES), acc);
                        }
                    }
                }
            }
        }
        return VectorSupport.sumLanes(acc);
    }

    /**
     * Part {@code p} of the unsigned 6-bit values, as floats: a nibble of the {@code ql} bytes with two bits of the
     * {@code qh} bytes on top. Cut in int lanes, where shifts are native (byte-lane shifts fell back to allocating
     * loops in the Vector API).
     */
    private static FloatVector sixBits(ByteVector ql, ByteVector qh, int p, int nibbleShift, int topShift) {
        IntVector low = ((IntVector) ql.convertShape(VectorOperators.B2I, INTS, p)).lanewise(VectorOperators.LSHR, nibbleShift).and(0x0F);
        IntVector top = ((IntVector) qh.convertShape(VectorOperators.B2I, INTS, p)).lanewise(VectorOperators.LSHR, topShift).and(3);
        return (FloatVector) low.or(top.lanewise(VectorOperators.LSHL, 4)).convert(VectorOperators.I2F, 0);
    }
}
