package r1j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

/**
 * {@code dot} (vector kernels) and {@code dotScalar} against a float64 dot product of the fixture's ggml
 * dequantization, on the real rows of every type (tolerance: {@link DotAgreement#DOT_RELATIVE_TOLERANCE}).
 */
class DotProductTest {

    static List<DequantFixture> fixtures() {
        return DequantFixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void vector_and_scalar_dot_match_the_dequantized_values(DequantFixture fixture) throws IOException {
        assertThat(DotAgreement.problems(fixture)).isEmpty();
    }

    @Test
    void fused_decode_kernels_give_the_bits_of_dequantize_then_dot() {
        List<DotAgreement.RowBlockCase> cases = DotAgreement.rowBlockCases();
        assertThat(cases).extracting(DotAgreement.RowBlockCase::what)
                .contains("Q8_0 decode rows", "Q4_K decode rows", "Q6_K decode rows", "Q4_K plain rows", "Q6_K plain rows");
        List<String> problems = new java.util.ArrayList<>();
        // Repeated so the JIT-compiled kernels are checked too, not only the interpreter's.
        for (int round = 0; round < 200 && problems.isEmpty(); round++) cases.forEach(c -> c.check(problems));
        assertThat(problems).isEmpty();
    }

    @Test
    void a_zero_length_dot_is_zero() throws IOException {
        try (GgufFile gguf = GgufFile.open(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_K_M.gguf"))) {
            for (TensorEntry t : gguf.tensors()) {
                assertThat(QuantFormats.forTensor(t).dot(t.data(), 0, new float[0], 0, 0)).isZero();
            }
        }
    }

    @Test
    void a_count_that_is_not_a_whole_number_of_blocks_is_refused() throws IOException {
        try (GgufFile gguf = GgufFile.open(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_K_M.gguf"))) {
            TensorEntry q4k = gguf.tensors().stream().filter(t -> t.type() == GgmlType.Q4_K).findFirst().orElseThrow();
            QuantFormat format = QuantFormats.forTensor(q4k);
            assertThatThrownBy(() -> format.dot(q4k.data(), 0, new float[300], 0, 300))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("300 values are not a whole number of Q4_K blocks of 256");
        }
    }
}
