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
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import r1j.engine.tensor.GgmlType;

/**
 * F16 and BF16: one little-endian 2-byte float per value (no blocks), widened exactly to float32. The two types
 * share everything but the widening, chosen per constant (a switch rather than overriding methods: a virtual call
 * left the vector widening un-inlined in the hot loop, boxing every vector: F16 dequantized 12 times slower).
 */
enum TwoByteFloatFormat implements QuantFormat {
    /** IEEE half: 1 sign, 5 exponent, 10 mantissa bits. */
    F16(GgmlType.F16),
    /** bfloat16: the upper 16 bits of a float32. */
    BF16(GgmlType.BF16);

    private final GgmlType type;

    TwoByteFloatFormat(GgmlType type) {
        this.type = type;
    }

    /** One stored value as float32, exactly. */
    float widen(short bits) {
        return switch (this) {
            case F16 -> Float.float16ToFloat(bits);
            case BF16 -> Float.intBitsToFloat(bits << 16);
        };
    }

    /** {@link #widen(short)} for {@code FLOAT_LANES} stored values. */
    FloatVector widen(ShortVector bits) {
        return switch (this) {
            case F16 -> halfToFloat(bits);
            case BF16 -> bfloat16ToFloat(bits);
        };
    }

    @Override
    public GgmlType type() {
        return type;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        if (VectorSupport.ENABLED) dequantizeVector(data, byteOffset, out, outOffset, n);
        else dequantizeScalar(data, byteOffset, out, outOffset, n);
    }

    /** The reference loop, as ggml's {@code dequantize_row}. */
    void dequantizeScalar(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) out[outOffset + i] = value(data, byteOffset, i);
    }

    /** Exact widening, lane by lane, then the scalar tail. */
    private void dequantizeVector(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        int i = 0;
        for (int upper = n - FLOAT_LANES; i <= upper; i += FLOAT_LANES) load(data, byteOffset, i).intoArray(out, outOffset + i);
        for (; i < n; i++) out[outOffset + i] = value(data, byteOffset, i);
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) sum += value(data, byteOffset, i) * x[xOffset + i];
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return VectorSupport.ENABLED ? dotVector(data, byteOffset, x, xOffset, n) : dotScalar(data, byteOffset, x, xOffset, n);
    }

    private float dotVector(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
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
        for (; i < n; i++) sum += value(data, byteOffset, i) * x[xOffset + i];
        return sum;
    }

    private float value(MemorySegment data, long byteOffset, int index) {
        return widen(data.get(Layouts.SHORT_LE, byteOffset + 2L * index));
    }

    private FloatVector load(MemorySegment data, long byteOffset, int index) {
        return widen(ShortVector.fromMemorySegment(SHORTS, data, byteOffset + 2L * index, LE));
    }

    /** Widen each 16-bit lane to 32 and shift it into the top half: the sign extension is shifted out. */
    static FloatVector bfloat16ToFloat(ShortVector bits) {
        IntVector wide = (IntVector) bits.convertShape(VectorOperators.S2I, INTS, 0);
        return wide.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /**
     * Widens halves exactly (the Vector API has no half conversion). Placing the 15 magnitude bits at the top of a
     * float's exponent/mantissa and multiplying by 2^112 rebiases the exponent (15 to 127) and turns half
     * subnormals into float normals, both exactly; only infinities and NaNs (exponent 31) need their exponent set
     * to 255 by hand, and NaNs come out quiet, as from {@link Float#float16ToFloat} and F16C. The sign goes back last.
     */
    static FloatVector halfToFloat(ShortVector halves) {
        IntVector bits = (IntVector) halves.convertShape(VectorOperators.S2I, INTS, 0);
        IntVector magnitude = bits.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> infOrNan = magnitude.compare(VectorOperators.GE, 0x7C00);
        VectorMask<Integer> nan = magnitude.compare(VectorOperators.GT, 0x7C00);
        IntVector special = shifted.or(0x7F800000).blend(shifted.or(0x7FC00000), nan);
        IntVector value = finite.blend(special, infOrNan);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return value.or(sign).reinterpretAsFloats();
    }
}
