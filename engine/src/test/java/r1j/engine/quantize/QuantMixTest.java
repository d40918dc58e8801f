package r1j.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

class QuantMixTest {

    /** The tiny fixtures were made by llama-quantize: every tensor's type must be the one the mix picks. */
    @ParameterizedTest
    @EnumSource(QuantMix.class)
    void picks_the_same_type_as_llama_quantize_for_every_tensor_of_the_tiny_model(QuantMix mix) throws IOException {
        try (GgufFile file = GgufFile.open(Fixtures.resolve("tiny-qwen2/tiny-qwen2-" + mix + ".gguf"))) {
            int layers = file.getInt("qwen2.block_count");
            assertThat(file.getInt("general.file_type")).isEqualTo(mix.fileType);
            List<String> mismatches = new ArrayList<>();
            for (TensorEntry t : file.tensors()) {
                GgmlType picked = mix.typeFor(t.name(), t.shape(), layers);
                if (picked != t.type()) mismatches.add(t.name() + ": file " + t.type() + ", picked " + picked);
            }
            assertThat(mismatches).isEmpty();
        }
    }

    @Test
    void q4_k_m_gives_attn_v_and_ffn_down_six_bits_on_14_of_28_layers() {
        List<Integer> moreBits = IntStream.range(0, 28).filter(l -> QuantMix.usesMoreBits(l, 28)).boxed().toList();
        assertThat(moreBits).containsExactly(0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26, 27);
        long[] v = {1536, 256};
        assertThat(QuantMix.Q4_K_M.typeFor("blk.5.attn_v.weight", v, 28)).isEqualTo(GgmlType.Q6_K);
        assertThat(QuantMix.Q4_K_M.typeFor("blk.6.attn_v.weight", v, 28)).isEqualTo(GgmlType.Q4_K);
        assertThat(QuantMix.Q4_K_M.typeFor("blk.6.attn_q.weight", new long[] {1536, 1536}, 28)).isEqualTo(GgmlType.Q4_K);
        assertThat(QuantMix.Q4_K_M.typeFor("token_embd.weight", new long[] {1536, 151936}, 28)).isEqualTo(GgmlType.Q4_K);
        assertThat(QuantMix.Q4_K_M.typeFor("output.weight", new long[] {1536, 151936}, 28)).isEqualTo(GgmlType.Q6_K);
        assertThat(QuantMix.Q4_K_M.typeFor("blk.6.attn_q.bias", new long[] {1536}, 28)).isEqualTo(GgmlType.F32);
        assertThat(QuantMix.Q8_0.typeFor("output.weight", new long[] {1536, 151936}, 28)).isEqualTo(GgmlType.Q8_0);
    }

    @Test
    void rows_that_do_not_fit_256_blocks_fall_back_like_llama_quantize() {
        assertThat(QuantMix.Q4_K_M.typeFor("blk.0.attn_q.weight", new long[] {896, 896}, 24)).isEqualTo(GgmlType.Q5_0);
        assertThat(QuantMix.Q4_K_M.typeFor("blk.0.ffn_down.weight", new long[] {4800, 896}, 24)).isEqualTo(GgmlType.Q8_0);
        assertThat(QuantMix.Q4_K_M.typeFor("blk.0.attn_q.weight", new long[] {40, 40}, 24)).isEqualTo(GgmlType.F16);
        assertThat(QuantMix.Q5_K_M.typeFor("blk.3.attn_q.weight", new long[] {896, 896}, 24)).isEqualTo(GgmlType.Q5_1);
        assertThat(QuantMix.Q5_K_M.typeFor("output.weight", new long[] {896, 151936}, 24)).isEqualTo(GgmlType.Q8_0);
        assertThat(QuantMix.Q4_0.typeFor("blk.3.attn_q.weight", new long[] {40, 40}, 24)).isEqualTo(GgmlType.F16);
    }

    @Test
    void a_tied_model_types_its_token_embedding_like_the_output() {
        long[] embd = {1536, 151936};
        assertThat(QuantMix.Q4_K_M.typeFor("token_embd.weight", embd, 28, true)).isEqualTo(GgmlType.Q6_K);
        assertThat(QuantMix.Q4_K_M.typeFor("token_embd.weight", embd, 28, false)).isEqualTo(GgmlType.Q4_K);
        assertThat(QuantMix.Q8_0.typeFor("token_embd.weight", embd, 28, true)).isEqualTo(GgmlType.Q8_0);
    }
}
