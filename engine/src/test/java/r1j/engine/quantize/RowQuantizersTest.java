package r1j.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

class RowQuantizersTest {
    /**
     * Root-mean-square error after a round trip, relative to the data's standard deviation, on normal data
     * (measured: F16 2.1e-4, Q8_0 5.4e-3, Q6_K 1.8e-2, Q4_K 7.1e-2). About 1.4x the measurements: a broken scale
     * search or packing error shows up as a far larger error.
     */
    private static final double F16_RELATIVE_RMSE = 3e-4;
    private static final double Q8_0_RELATIVE_RMSE = 7.5e-3;
    private static final double Q6_K_RELATIVE_RMSE = 2.5e-2;
    private static final double Q4_K_RELATIVE_RMSE = 1.0e-1;
    /** Measured: BF16 1.6e-3, Q5_K 3.5e-2, Q5_0 4.7e-2, Q5_1 4.1e-2, Q4_0 9.7e-2 (again bounds about 1.4x). */
    private static final double BF16_RELATIVE_RMSE = 2.3e-3;
    private static final double Q5_K_RELATIVE_RMSE = 5.0e-2;
    private static final double Q5_0_RELATIVE_RMSE = 6.6e-2;
    private static final double Q5_1_RELATIVE_RMSE = 5.8e-2;
    private static final double Q4_0_RELATIVE_RMSE = 1.4e-1;

    private static double boundFor(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> F16_RELATIVE_RMSE;
            case Q8_0 -> Q8_0_RELATIVE_RMSE;
            case Q6_K -> Q6_K_RELATIVE_RMSE;
            case Q4_K -> Q4_K_RELATIVE_RMSE;
            case BF16 -> BF16_RELATIVE_RMSE;
            case Q5_K -> Q5_K_RELATIVE_RMSE;
            case Q5_0 -> Q5_0_RELATIVE_RMSE;
            case Q5_1 -> Q5_1_RELATIVE_RMSE;
            case Q4_0 -> Q4_0_RELATIVE_RMSE;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q6_K", "Q5_K", "Q4_K", "Q5_0", "Q5_1", "Q4_0"})
    void round_trip_error_stays_within_the_types_named_bound(GgmlType type) {
        int n = 256 * 64;
        float[] x = normal(n, 7, 0.02f);
        float[] back = roundTrip(type, x);
        double error = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            error += (back[i] - x[i]) * (double) (back[i] - x[i]);
            variance += x[i] * (double) x[i];
        }
        double relative = Math.sqrt(error / variance);
        System.out.printf("%s round trip: relative rmse %.3g%n", type, relative);
        assertThat(relative).isLessThanOrEqualTo(boundFor(type));
    }

    @Test
    void q8_0_error_of_each_value_is_at_most_half_a_step_of_its_block() {
        float[] x = normal(32 * 100, 3, 1f);
        float[] back = roundTrip(GgmlType.Q8_0, x);
        for (int b = 0; b < 100; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[32 * b + j]));
            // Half a step, plus the fp16 rounding of the stored scale (relative 2^-11) applied to 127 steps.
            double bound = amax / 127 * (0.5 + 127 * 0x1p-11);
            for (int j = 0; j < 32; j++) {
                assertThat((double) Math.abs(back[32 * b + j] - x[32 * b + j])).as("block %d value %d", b, j)
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Q8_0", "Q6_K", "Q5_K", "Q4_K", "Q5_0", "Q5_1", "Q4_0"})
    void an_all_zero_block_comes_back_as_zeros(GgmlType type) {
        float[] back = roundTrip(type, new float[256]);
        for (float v : back) assertThat(v == 0f).as("%s decodes a zero block to +-0", type).isTrue();
    }

    /**
     * The quantizers follow ggml's reference algorithms, which llama-quantize uses without an importance matrix, so
     * quantizing the tiny model's F32 master reproduces the fixture files' bytes exactly (every block of
     * {@code blk.0.attn_q.weight}: 18432 for the 32-blocks, 2304 for the 256-blocks; Java does not fuse
     * multiply-adds, so this is stable).
     */
    @ParameterizedTest
    @EnumSource(names = {"F16", "BF16", "Q8_0", "Q6_K", "Q5_K", "Q4_K", "Q5_0", "Q5_1", "Q4_0"})
    void quantizing_the_tiny_master_reproduces_llama_quantize_byte_for_byte(GgmlType type) throws IOException {
        String file = switch (type) {
            case Q4_K -> "tiny-qwen2-Q4_K_M.gguf";
            case Q5_K -> "tiny-qwen2-Q5_K_M.gguf";
            default -> "tiny-qwen2-" + type + ".gguf";
        };
        try (GgufFile master = GgufFile.open(Fixtures.resolve("tiny-qwen2/tiny-qwen2-F32.gguf"));
                GgufFile quantized = GgufFile.open(Fixtures.resolve("tiny-qwen2/" + file))) {
            TensorEntry source = master.tensor("blk.0.attn_q.weight").orElseThrow();
            TensorEntry expected = quantized.tensor("blk.0.attn_q.weight").orElseThrow();
            assertThat(expected.type()).isEqualTo(type);
            int n = (int) source.elementCount();
            float[] values = source.data().toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN));
            byte[] ours = new byte[Math.toIntExact(type.bytesFor(n))];
            RowQuantizers.of(type).quantize(values, 0, n, ours, 0);
            byte[] theirs = expected.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            int blocks = n / type.blockSize;
            int differing = 0;
            for (int b = 0; b < blocks; b++) {
                for (int i = b * type.typeSize; i < (b + 1) * type.typeSize; i++) {
                    if (ours[i] != theirs[i]) {
                        differing++;
                        break;
                    }
                }
            }
            System.out.printf("%s: %d of %d blocks differ from llama-quantize%n", type, differing, blocks);
            assertThat(differing).isZero();
        }
    }

    @Test
    void bf16_rounds_halfway_to_even_and_keeps_nan_a_quiet_nan() {
        // 1 + 2^-8 is halfway between 1 and the next bf16 (1 + 2^-7): ties go to the even one, 1.
        assertThat(BF16RowQuantizer.toBf16Bits(1f + 0x1p-8f)).isEqualTo(0x3F80);
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even): up.
        assertThat(BF16RowQuantizer.toBf16Bits(1f + 3 * 0x1p-8f)).isEqualTo(0x3F82);
        assertThat(BF16RowQuantizer.toBf16Bits(1f + 0x1p-8f + 0x1p-20f)).isEqualTo(0x3F81);
        assertThat(BF16RowQuantizer.toBf16Bits(Float.intBitsToFloat(0x7F800001))).isEqualTo(0x7FC0);
        assertThat(BF16RowQuantizer.toBf16Bits(Float.MAX_VALUE)).isEqualTo(0x7F80); // rounds to infinity, as ggml
    }

    @Test
    void a_partial_block_is_refused_with_the_block_size() {
        assertThatThrownBy(() -> RowQuantizers.of(GgmlType.Q4_K).quantize(new float[100], 0, 100, new byte[200], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
    }

    @Test
    void a_type_without_a_quantizer_is_named_in_the_error() {
        assertThatThrownBy(() -> RowQuantizers.of(GgmlType.IQ4_XS)).hasMessageContaining("IQ4_XS");
    }

    private static float[] roundTrip(GgmlType type, float[] x) {
        byte[] bytes = new byte[Math.toIntExact(type.bytesFor(x.length))];
        RowQuantizers.of(type).quantize(x, 0, x.length, bytes, 0);
        float[] back = new float[x.length];
        QuantFormats.of(type).dequantize(MemorySegment.ofArray(bytes), 0, back, 0, x.length);
        return back;
    }

    private static float[] normal(int n, long seed, float std) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = std * (float) random.nextGaussian();
        return x;
    }
}
