package r1j.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.model.LoadedModel;
import r1j.engine.model.LoadedModelTest;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.testkit.Fixtures;

class ModelQuantizerTest {
    private static final Path MASTER = Fixtures.resolve("tiny-qwen2/tiny-qwen2-F32.gguf");
    private static final Path HF = Fixtures.resolve("tiny-qwen2/hf");

    private static Path fixture(QuantMix mix) {
        return Fixtures.resolve("tiny-qwen2/tiny-qwen2-" + mix + ".gguf");
    }

    /**
     * llama-quantize made every fixture from the F32 master without an importance matrix, which is the path of ggml's
     * reference quantizers; so every tensor must come out with the same ggml type and the same bytes, in every mix.
     */
    @ParameterizedTest
    @EnumSource(QuantMix.class)
    void quantizing_the_f32_master_gives_llama_quantizes_tensors_byte_for_byte(QuantMix mix, @TempDir Path dir)
            throws IOException {
        Path out = dir.resolve("out.gguf");
        ModelQuantizer.quantize(MASTER, out, new ModelQuantizer.Settings(mix, 2), ModelQuantizer.Listener.NONE);
        try (GgufFile ours = GgufFile.open(out); GgufFile theirs = GgufFile.open(fixture(mix))) {
            assertThat(ours.getInt("general.file_type")).isEqualTo(theirs.getInt("general.file_type"));
            assertThat(ours.tensors()).hasSameSizeAs(theirs.tensors());
            List<String> differing = new ArrayList<>();
            for (TensorEntry expected : theirs.tensors()) {
                TensorEntry actual = ours.tensor(expected.name()).orElseThrow();
                if (actual.type() != expected.type() || !Arrays.equals(actual.shape(), expected.shape())
                        || actual.data().mismatch(expected.data()) != -1) {
                    differing.add(expected.name() + " (" + actual.type() + " vs " + expected.type() + ")");
                }
            }
            System.out.printf("quantize F32 -> %s: %d of %d tensors byte-identical to llama-quantize%n", mix,
                    theirs.tensors().size() - differing.size(), theirs.tensors().size());
            assertThat(differing).isEmpty();
            // Every key is copied; only general.quantization_version is new where the source (the F32 master, made
            // by the converter rather than by llama-quantize) has none.
            for (String key : theirs.metadata().keySet()) {
                assertThat(ours.metadata().get(key)).as(key).isEqualTo(theirs.metadata().get(key));
            }
            assertThat(ours.getInt("general.quantization_version")).isEqualTo(2);
        }
    }

    /** The fixture rule: the last logits of the {@code plain} prompt within the file's logit_abs of the reference. */
    @ParameterizedTest
    @EnumSource(QuantMix.class)
    void the_output_loads_and_its_logits_meet_the_fixture_tolerance(QuantMix mix, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.gguf");
        ModelQuantizer.quantize(MASTER, out, new ModelQuantizer.Settings(mix, 2), ModelQuantizer.Listener.NONE);
        ObjectMapper json = new ObjectMapper();
        double tolerance = json.readTree(Fixtures.resolve("tiny-qwen2/tolerances.json").toFile())
                .get(mix.name()).get("logit_abs").asDouble();
        JsonNode plain = null;
        for (JsonNode p : json.readTree(Fixtures.resolve("tiny-qwen2/expected/tiny-qwen2-" + mix + ".json").toFile())
                .get("prompts")) {
            if (p.get("name").asText().equals("plain")) plain = p;
        }
        assertThat(plain).isNotNull();
        int[] ids = json.convertValue(plain.get("ids"), int[].class);
        try (LoadedModel model = LoadedModel.load(out)) {
            int vocab = model.config().vocabSize();
            float[] logits = LoadedModelTest.allLogitsOf(model, ids);
            double maxDiff = 0;
            for (int t = 0; t < vocab; t++) {
                maxDiff = Math.max(maxDiff, Math.abs(logits[(ids.length - 1) * vocab + t]
                        - plain.get("last_logits_ref_f64").get(t).asDouble()));
            }
            System.out.printf("quantize F32 -> %s: plain prompt max logit diff %.5f (logit_abs %.3f)%n", mix, maxDiff,
                    tolerance);
            assertThat(maxDiff).isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void hugging_face_directory_to_bf16_keeps_the_tensor_bytes_and_the_tokenizer(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("hf-bf16.gguf");
        ModelQuantizer.Summary summary = ModelQuantizer.quantize(HF, out,
                new ModelQuantizer.Settings(QuantMix.BF16, 2), ModelQuantizer.Listener.NONE);
        assertThat(summary.requantized()).isZero();
        try (GgufFile ours = GgufFile.open(out); GgufFile fixture = GgufFile.open(fixture(QuantMix.BF16));
             r1j.engine.model.HfCheckpoint hf = r1j.engine.model.HfCheckpoint.open(HF)) {
            assertThat(ours.getString("general.architecture")).isEqualTo("qwen2");
            assertThat(ours.getInt("general.file_type")).isEqualTo(32);
            for (String key : List.of("qwen2.block_count", "qwen2.context_length", "qwen2.embedding_length",
                    "qwen2.feed_forward_length", "qwen2.attention.head_count", "qwen2.attention.head_count_kv",
                    "qwen2.rope.freq_base", "qwen2.attention.layer_norm_rms_epsilon", "tokenizer.ggml.model",
                    "tokenizer.ggml.pre", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
                    "tokenizer.ggml.padding_token_id", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token",
                    "tokenizer.chat_template")) {
                assertThat(ours.metadata().get(key)).as(key).isEqualTo(fixture.metadata().get(key));
            }
            assertThat(ours.getStringArray("tokenizer.ggml.tokens")).isEqualTo(fixture.getStringArray("tokenizer.ggml.tokens"));
            assertThat(ours.getIntArray("tokenizer.ggml.token_type")).isEqualTo(fixture.getIntArray("tokenizer.ggml.token_type"));
            assertThat(ours.getStringArray("tokenizer.ggml.merges")).isEqualTo(fixture.getStringArray("tokenizer.ggml.merges"));
            assertThat(ours.getFloat("general.sampling.temp")).isEqualTo(0.6f);
            assertThat(ours.getFloat("general.sampling.top_p")).isEqualTo(0.95f);

            // 2-D weights are BF16 in both: the same bytes. 1-D tensors become F32 holding the same values.
            for (TensorEntry source : hf.tensors().values()) {
                TensorEntry written = ours.tensor(source.name()).orElseThrow();
                if (source.shape().length == 2) {
                    assertThat(written.type()).as(source.name()).isEqualTo(GgmlType.BF16);
                    assertThat(written.data().mismatch(source.data())).as(source.name()).isEqualTo(-1L);
                } else {
                    assertThat(written.type()).as(source.name()).isEqualTo(GgmlType.F32);
                    assertThat(dequantized(written)).as(source.name()).isEqualTo(dequantized(source));
                }
            }
        }
        try (LoadedModel ours = LoadedModel.load(out); LoadedModel fixture = LoadedModel.load(fixture(QuantMix.BF16))) {
            BpeTokenizer a = ours.tokenizer();
            BpeTokenizer b = fixture.tokenizer();
            for (String text : List.of("Hello world", "<｜User｜>What is 12 + 7?<｜Assistant｜><think>\n",
                    "  tabs\tand\nnew lines, ünïcödé and 数字 123456")) {
                assertThat(a.encode(text, true)).as(text).isEqualTo(b.encode(text, true));
            }
        }
    }

    @Test
    void requantizing_a_quantized_file_warns_and_still_writes_a_loadable_model(@TempDir Path dir) throws IOException {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Path out = dir.resolve("requantized.gguf");
        ModelQuantizer.Summary summary = ModelQuantizer.quantize(fixture(QuantMix.Q8_0), out,
                new ModelQuantizer.Settings(QuantMix.Q4_K_M, 2), new ModelQuantizer.Listener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                });
        // Every 2-D weight: token_embd, output and 7 per layer.
        assertThat(summary.requantized()).isEqualTo(16);
        assertThat(warnings).singleElement().asString().contains("already quantized", "Q8_0");
        try (LoadedModel model = LoadedModel.load(out)) {
            assertThat(model.config().layers()).isEqualTo(2);
        }
    }

    @Test
    void an_unknown_type_is_refused_listing_the_valid_ones() {
        assertThatThrownBy(() -> QuantMix.parse("Q3_K_XL"))
                .hasMessageContaining("Q3_K_XL").hasMessageContaining("Q4_K_M").hasMessageContaining("BF16")
                .hasMessageContaining("Q5_K_M").hasMessageContaining("Q4_0");
        assertThat(QuantMix.parse("q4_k_m")).isEqualTo(QuantMix.Q4_K_M);
    }

    @Test
    void a_missing_input_is_named_in_the_error(@TempDir Path dir) {
        Path missing = dir.resolve("nope.gguf");
        assertThatThrownBy(() -> ModelQuantizer.quantize(missing, dir.resolve("out.gguf"),
                new ModelQuantizer.Settings(QuantMix.Q8_0, 1), ModelQuantizer.Listener.NONE))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.gguf");
        assertThat(dir.resolve("out.gguf")).doesNotExist();
    }

    @Test
    void writing_over_the_input_is_refused(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(MASTER, dir.resolve("model.gguf"));
        long size = Files.size(copy);
        assertThatThrownBy(() -> ModelQuantizer.quantize(copy, dir.resolve("./model.gguf"),
                new ModelQuantizer.Settings(QuantMix.Q8_0, 1), ModelQuantizer.Listener.NONE))
                .hasMessageContaining("is the input");
        assertThat(Files.size(copy)).isEqualTo(size);
    }

    private static float[] dequantized(TensorEntry t) {
        float[] out = new float[(int) t.elementCount()];
        QuantFormats.forTensor(t).dequantize(t.data(), 0, out, 0, out.length);
        return out;
    }
}
