package r1j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import r1j.engine.tensor.GgmlType;

/**
 * The vectorized dequantizers must be bit-identical to the scalar reference loops (which match ggml bit for bit,
 * see {@link DequantizeMatchesGgmlTest}) on every byte pattern, not only the fixtures' rows: random blocks, with
 * the fp16 scale fields kept finite so that NaN payloads cannot make equal results compare unequal.
 */
class VectorDequantizeTest {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vector_dequantization_is_bit_identical_to_the_scalar_loop(GgmlType type) {
        int n = 256 * 24;
        MemorySegment data = randomBlocks(type, n, 42);
        QuantFormat format = QuantFormats.of(type);
        float[] vector = new float[n];
        float[] scalar = new float[n];
        format.dequantize(data, 0, vector, 0, n);
        scalarDequantize(format, data, scalar, n);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(vector[i])).as("%s value %d: %s vs %s", type, i, vector[i], scalar[i])
                    .isEqualTo(Float.floatToRawIntBits(scalar[i]));
        }
    }

    private static void scalarDequantize(QuantFormat f, MemorySegment data, float[] out, int n) {
        switch (f) {
            case Q8_0Format q -> q.dequantizeScalar(data, 0, out, 0, n);
            case Q4_0Format q -> q.dequantizeScalar(data, 0, out, 0, n);
            case Q4_KFormat q -> q.dequantizeScalar(data, 0, out, 0, n);
            case Q5_KFormat q -> q.dequantizeScalar(data, 0, out, 0, n);
            case Q6_KFormat q -> q.dequantizeScalar(data, 0, out, 0, n);
            case TwoByteFloatFormat q -> q.dequantizeScalar(data, 0, out, 0, n);
            default -> throw new IllegalArgumentException(f.type().toString());
        }
    }

    static MemorySegment randomBlocks(GgmlType t, int n, long seed) {
        byte[] b = new byte[(int) t.bytesFor(n)];
        new Random(seed).nextBytes(b);
        int bs = t.typeSize;
        for (int off = 0; off < b.length; off += bs) {
            switch (t) {
                case Q8_0, Q4_0 -> b[off + 1] &= 0x3B;                       // d: finite half
                case Q4_K, Q5_K -> { b[off + 1] &= 0x3B; b[off + 3] &= 0x3B; }  // d, dmin
                case Q6_K -> b[off + bs - 1] &= 0x3B;                       // d is last
                case F16 -> b[off + 1] &= (byte) 0xBB;                      // every value finite (sign kept)
                case BF16 -> b[off + 1] &= (byte) 0xBF;                     // exponent never all ones
                default -> { }
            }
        }
        MemorySegment seg = Arena.ofAuto().allocate(b.length);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 0, b.length);
        return seg;
    }
}
