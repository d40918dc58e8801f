package r1j.engine.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.model.Qwen2Weights;
import r1j.engine.quantize.QuantMix;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

class SyntheticModelTest {
    /** The tiny fixture's tokenizer: 1046 tokens, so a test model stays small and quick to load. */
    private static final Path TINY_TOKENIZER = Fixtures.resolve("tiny-qwen2/tiny-qwen2-F32.gguf");
    private static final ModelShape TINY =
            new ModelShape("tiny", 2, 256, 4, 2, 64, 512, 1046, 4096, 10000f, 1e-6f);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(names = {"F16", "Q8_0", "Q4_K_M"})
    void a_synthesized_model_loads_and_runs_a_forward_pass(QuantMix mix) throws IOException {
        Path file = dir.resolve("tiny-" + mix + ".gguf");
        SyntheticModel.Summary summary = SyntheticModel.write(
                new SyntheticModel.Settings(TINY, mix, 42, TINY_TOKENIZER, 2), file, SyntheticModel.Progress.NONE);
        assertThat(summary.fileBytes()).isEqualTo(Files.size(file));

        try (LoadedModel model = LoadedModel.load(file); ComputePool pool = new ComputePool(2)) {
            assertThat(model.config().layers()).isEqualTo(2);
            assertThat(model.config().vocabSize()).isEqualTo(1046);
            assertThat(model.tokenizer().encode("Hello world", false)).isNotEmpty();
            for (TensorEntry t : model.tensors().values()) {
                assertThat(t.type()).as(t.name()).isEqualTo(mix.typeFor(t.name(), t.shape(), 2));
            }
            Qwen2Model qwen2 = new Qwen2Model(model.config(), Qwen2Weights.from(model.config(), model.tensors()), pool);
            SequenceKv kv = new SequenceKv(new KvBlockPool(16, 2, model.config().kvDim(), 4));
            assertThat(kv.ensureCapacity(8)).isTrue();
            float[] logits = qwen2.forward(ForwardBatch.prefill(kv, new int[] {1027, 5, 300, 900}, 0));
            assertThat(logits).hasSize(1046);
            for (float v : logits) assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void q4_k_m_file_holds_the_llama_quantize_mix_and_the_copied_tokenizer_keys() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        SyntheticModel.Summary summary = SyntheticModel.write(
                new SyntheticModel.Settings(TINY, QuantMix.Q4_K_M, 1, TINY_TOKENIZER, 1), file, SyntheticModel.Progress.NONE);
        // With 2 layers use_more_bits holds for layer 1 only (layer >= 7*2/8): its attn_v and ffn_down are Q6_K, as is
        // output.weight; the other 13 matrices are Q4_K; 5 norms/biases per layer plus output_norm stay F32.
        assertThat(summary.tensorsByType()).isEqualTo(Map.of(GgmlType.Q4_K, 13, GgmlType.Q6_K, 3, GgmlType.F32, 11));
        try (GgufFile written = GgufFile.open(file); GgufFile source = GgufFile.open(TINY_TOKENIZER)) {
            assertThat(written.getInt("general.file_type")).isEqualTo(15);
            for (String key : source.metadata().keySet()) {
                if (!key.startsWith("tokenizer.")) continue;
                assertThat(written.valueType(key)).as(key).isEqualTo(source.valueType(key));
                assertThat(written.find(key)).as(key).get().usingRecursiveComparison()
                        .isEqualTo(source.find(key).orElseThrow());
            }
        }
    }

    @Test
    void the_same_seed_gives_the_same_file_whatever_the_thread_count() throws IOException {
        Path one = dir.resolve("one.gguf");
        Path three = dir.resolve("three.gguf");
        Path other = dir.resolve("other.gguf");
        SyntheticModel.write(new SyntheticModel.Settings(TINY, QuantMix.Q8_0, 9, TINY_TOKENIZER, 1), one, SyntheticModel.Progress.NONE);
        SyntheticModel.write(new SyntheticModel.Settings(TINY, QuantMix.Q8_0, 9, TINY_TOKENIZER, 3), three, SyntheticModel.Progress.NONE);
        SyntheticModel.write(new SyntheticModel.Settings(TINY, QuantMix.Q8_0, 10, TINY_TOKENIZER, 2), other, SyntheticModel.Progress.NONE);
        assertThat(Files.mismatch(one, three)).isEqualTo(-1);
        assertThat(Files.mismatch(one, other)).isNotEqualTo(-1);
    }

    @Test
    void the_real_shape_has_the_published_parameter_count_and_untied_output() {
        ModelShape real = ModelShape.named("deepseek-r1-distill-qwen-1.5b");
        long parameters = real.tensors().stream().mapToLong(t -> (long) t.rows() * t.rowLength()).sum();
        assertThat(parameters).isEqualTo(1_777_088_000L);
        assertThat(real.tensors()).hasSize(2 + 28 * 12 + 1);
        assertThat(real.tensors().stream().map(TensorSpec::name)).contains("output.weight", "blk.27.attn_k.bias");
    }

    @Test
    void a_tokenizer_of_another_size_is_refused() {
        ModelShape wrongVocab = new ModelShape("wrong", 1, 256, 4, 2, 64, 512, 2000, 4096, 10000f, 1e-6f);
        assertThatThrownBy(() -> SyntheticModel.write(
                new SyntheticModel.Settings(wrongVocab, QuantMix.F16, 1, TINY_TOKENIZER, 1), dir.resolve("x.gguf"),
                SyntheticModel.Progress.NONE))
                .hasMessageContaining("1046 tokens").hasMessageContaining("2000");
    }
}
