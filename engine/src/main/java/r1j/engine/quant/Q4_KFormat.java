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
 * Q4_K ({@code block_q4_K}, 144 bytes for a super-block of 256 values in 8 sub-blocks of 32):
 * <pre>
 *   0  ggml_half d       super-block scale of the scales
 *   2  ggml_half dmin    super-block scale of the mins
 *   4  uint8 scales[12]  eight 6-bit scales and mins, see {@link KScales}
 *  16  uint8 qs[128]     4-bit values: 32 bytes per 64 values; low nibbles are sub-block 2g, high nibbles 2g+1
 *  value = (d * scale) * q - (dmin * min)
 * </pre>
 */
final class Q4_KFormat implements QuantFormat, RowBlockDot {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 144;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_K");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            int y = outOffset + b * BLOCK;
            for (int g = 0; g < 4; g++) {
                float d1 = d * KScales.scale(data, block + 4, 2 * g);
                float m1 = min * KScales.min(data, block + 4, 2 * g);
                float d2 = d * KScales.scale(data, block + 4, 2 * g + 1);
                float m2 = min * KScales.min(data, block + 4, 2 * g + 1);
                long q = block + 16 + 32 * g;
                for (int l = 0; l < 32; l++) out[y + l] = d1 * (Layouts.u8(data, q + l) & 0xF) - m1;
                for (int l = 0; l < 32; l++) out[y + 32 + l] = d2 * (Layouts.u8(data, q + l) >>> 4) - m2;
                y += 64;
            }
        }
    }

    /**
     * Bit-identical to {@link #dequantizeScalar}: {@code (d * scale) * q - (dmin * min)} per lane. The eight 6-bit
     * scales and mins are cut from two reads with straight-line shifts: per 256 values, branchy per-scale decoding
     * cost more than the vector work itself.
     */
    private static void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_K");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            long lo = KScales.low(data, block + 4);
            int hi = KScales.high(data, block + 4);
            int y = outOffset + b * BLOCK;
            long q = block + 16;
            // Sub-blocks 0..3: scale in bits 0..5 of byte j, min in byte j+4.
            group(data, q, d * ((int) lo & 63), min * ((int) (lo >>> 32) & 63),
                    d * ((int) (lo >>> 8) & 63), min * ((int) (lo >>> 40) & 63), out, y);
            group(data, q + 32, d * ((int) (lo >>> 16) & 63), min * ((int) (lo >>> 48) & 63),
                    d * ((int) (lo >>> 24) & 63), min * ((int) (lo >>> 56) & 63), out, y + 64);
            // Sub-blocks 4..7: low 4 bits in byte j+4 (scale low nibble, min high nibble), top 2 bits in the spare
            // top bits of bytes j-4 (scale) and j (min).
            group(data, q + 64,
                    d * ((hi & 0xF) | ((int) (lo >>> 6) & 3) << 4), min * ((hi >>> 4 & 0xF) | ((int) (lo >>> 38) & 3) << 4),
                    d * ((hi >>> 8 & 0xF) | ((int) (lo >>> 14) & 3) << 4), min * ((hi >>> 12 & 0xF) | ((int) (lo >>> 46) & 3) << 4),
                    out, y + 128);
            group(data, q + 96,
                    d * ((hi >>> 16 & 0xF) | ((int) (lo >>> 22) & 3) << 4), min * ((hi >>> 20 & 0xF) | ((int) (lo >>> 54) & 3) << 4),
                    d * ((hi >>> 24 & 0xF) | ((int) (lo >>> 30) & 3) << 4), min * ((hi >>> 28 & 0xF) | ((int) (lo >>> 62) & 3) << 4),
                    out, y + 192);
        }
    }

    /** 64 values from 32 bytes: low nibbles with (d1, m1), then high nibbles with (d2, m2). */
    private static void group(MemorySegment data, long q, float d1, float m1, float d2, float m2, float[] out, int y) {
        for (int j = 0; j < 32; j += BYTE_LANES) {
            ByteVector bytes = ByteVector.fromMemorySegment(BYTES, data, q + j, LE);
            VectorDequant.affine(bytes.and((byte) 0x0F), d1, m1, out, y + j);
            VectorDequant.affine(bytes.lanewise(VectorOperators.LSHR, 4), d2, m2, out, y + 32 + j);
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_K");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float min = Layouts.fp16(data, block + 2);
            int y = xOffset + b * BLOCK;
            for (int g = 0; g < 4; g++) {
                float d1 = d * KScales.scale(data, block + 4, 2 * g);
                float m1 = min * KScales.min(data, block + 4, 2 * g);
                float d2 = d * KScales.scale(data, block + 4, 2 * g + 1);
                float m2 = min * KScales.min(data, block + 4, 2 * g + 1);
                long q = block + 16 + 32 * g;
                for (int l = 0; l < 32; l++) sum += (d1 * (Layouts.u8(data, q + l) & 0xF) - m1) * x[y + l];
                for (int l = 0; l < 32; l++) sum += (d2 * (Layouts.u8(data, q + l) >>> 4) - m2) * x[y + 32 + l];
                y += 64;
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? rowDot(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    /**
     * See {@link RowBlockDot}: the lanes of {@link #dequantizeVector} ({@code q * (d*scale) - dmin*min}) met in value
     * order, so per 64-value group the low nibbles first, then the high ones.
     */
    @Override
    public float rowDot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_K");
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float dmin = Layouts.fp16(data, block + 2);
            long lo = KScales.low(data, block + 4);
            int hi = KScales.high(data, block + 4);
            for (int sub = 0; sub < 8; sub++) {  // sub-block 2g: low nibbles of group g's 32 bytes; 2g+1: high
                float scale = d * KScales.scale(lo, hi, sub);
                float min = dmin * KScales.min(lo, hi, sub);
                long q = block + 16 + 32 * (sub >> 1);
                int shift = 4 * (sub & 1);
                int y = xOffset + b * BLOCK + 32 * sub;
                for (int j = 0; j < 32; j += BYTE_LANES) {
                    ByteVector bytes = ByteVector.fromMemorySegment(BYTES, data, q + j, LE);
                    for (int p = 0; p < BYTE_PARTS; p++) {
                        FloatVector w = nibbles(bytes, p, shift).mul(scale).sub(min);
                        acc = w.fma(FloatVector.fromArray(FLOATS, x, y + j + p * FLOAT_LANES), acc);
                    }
                }
            }
        }
        return VectorSupport.sumLanes(acc);
    }

    /**
     * Part {@code p} of the low ({@code shift} 0) or high ({@code shift} 4) nibbles, as floats. The bits are cut
     * after widening to int lanes: int shifts are native, while a byte-lane shift by a variable count fell back to
     * an allocating loop in the Vector API.
     */
    private static FloatVector nibbles(ByteVector bytes, int p, int shift) {
        IntVector wide = (IntVector) bytes.convertShape(VectorOperators.B2I, INTS, p);
        return (FloatVector) wide.lanewise(VectorOperators.LSHR, shift).and(0x0F).convert(VectorOperators.I2F, 0);
    }
}
