package r1j.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.engine.gguf.GgufFile;
import r1j.engine.safetensors.SafetensorsFile;
import r1j.engine.safetensors.SafetensorsTestFiles.HfTensor;
import r1j.engine.safetensors.SafetensorsTestFiles;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

class HfCheckpointTest {

    private static final Path HF = Fixtures.resolve("tiny-qwen2/hf");
    private static final Path BF16_GGUF = Fixtures.resolve("tiny-qwen2/tiny-qwen2-BF16.gguf");
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void every_tensor_matches_the_bf16_gguf_under_its_gguf_name() throws IOException {
        try (HfCheckpoint hf = HfCheckpoint.open(HF); GgufFile gguf = GgufFile.open(BF16_GGUF)) {
            assertThat(hf.tensors().keySet())
                    .containsExactlyInAnyOrderElementsOf(gguf.tensors().stream().map(TensorEntry::name).toList());
            int identical = 0;
            for (TensorEntry ours : hf.tensors().values()) {
                TensorEntry theirs = gguf.tensor(ours.name()).orElseThrow();
                assertThat(ours.shape()).as(ours.name()).containsExactly(theirs.shape());
                assertThat(ours.type()).as(ours.name()).isEqualTo(GgmlType.BF16);
                if (theirs.type() == GgmlType.BF16) {
                    assertThat(ours.data().mismatch(theirs.data())).as(ours.name()).isEqualTo(-1L);
                    identical++;
                } else {
                    // llama-quantize keeps 1-D tensors (norms, biases) in F32; the HF copy holds them as BF16, so
                    // there the promise is "the F32 value rounded to nearest-even BF16", element by element.
                    assertThat(theirs.type()).as(ours.name()).isEqualTo(GgmlType.F32);
                    assertIsBf16RoundingOf(ours, theirs);
                }
            }
            assertThat(identical).isEqualTo(2 * 7 + 2); // 7 matrices per layer, embedding, output
        }
    }

    @Test
    void reads_the_model_hyper_parameters_from_config_json() throws IOException {
        try (HfCheckpoint hf = HfCheckpoint.open(HF)) {
            HfConfig c = hf.config();
            assertThat(c.architectures()).containsExactly("Qwen2ForCausalLM");
            assertThat(c.modelType()).isEqualTo("qwen2");
            assertThat(c.hiddenSize()).isEqualTo(768);
            assertThat(c.intermediateSize()).isEqualTo(512);
            assertThat(c.numHiddenLayers()).isEqualTo(2);
            assertThat(c.numAttentionHeads()).isEqualTo(12);
            assertThat(c.numKeyValueHeads()).isEqualTo(2);
            assertThat(c.rmsNormEps()).isEqualTo(1e-6);
            assertThat(c.ropeTheta()).isEqualTo(10000.0);
            assertThat(c.maxPositionEmbeddings()).isEqualTo(4096);
            assertThat(c.vocabSize()).isEqualTo(1046);
            assertThat(c.tieWordEmbeddings()).isFalse();
            assertThat(c.bosTokenId()).isEqualTo(1027);
            assertThat(c.eosTokenIds()).containsExactly(1024);
            assertThat(c.torchDtype()).isEqualTo("bfloat16");

            ModelConfig m = hf.modelConfig();
            assertThat(m.headDim()).isEqualTo(64);
            assertThat(m.vocabSize()).isEqualTo(1046);
            assertThat(m.contextLength()).isEqualTo(4096);
            assertThat(m.rmsNormEps()).isEqualTo(1e-6f);
        }
    }

    @Test
    void reads_the_sampling_defaults_from_generation_config_json() throws IOException {
        try (HfCheckpoint hf = HfCheckpoint.open(HF)) {
            HfGenerationConfig g = hf.generationConfig();
            assertThat(g.temperature()).isEqualTo(0.6);
            assertThat(g.topP()).isEqualTo(0.95);
            assertThat(g.topK()).isNull();
            assertThat(g.repetitionPenalty()).isNull();
            assertThat(g.doSample()).isTrue();
            assertThat(g.bosTokenId()).isEqualTo(1027);
            assertThat(g.eosTokenIds()).containsExactly(1024);
        }
    }

    @Test
    void finds_the_tokenizer_files_and_the_chat_template() throws IOException {
        try (HfCheckpoint hf = HfCheckpoint.open(HF)) {
            assertThat(hf.tokenizerJson()).contains(HF.resolve("tokenizer.json"));
            assertThat(hf.tokenizerConfigJson()).contains(HF.resolve("tokenizer_config.json"));
            assertThat(hf.chatTemplate()).contains(
                    Files.readString(Fixtures.resolve("chat-template/deepseek-r1-distill-qwen.jinja")));
        }
    }

    @Test
    void a_sharded_checkpoint_loads_the_same_tensors() throws IOException {
        Path dir = tmp.resolve("sharded");
        Files.createDirectories(dir);
        Files.copy(HF.resolve("config.json"), dir.resolve("config.json"));
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (SafetensorsFile single = SafetensorsFile.open(HF.resolve("model.safetensors"))) {
            List<HfTensor> first = new ArrayList<>();
            List<HfTensor> second = new ArrayList<>();
            for (TensorEntry t : single.tensors().values()) {
                boolean early = t.name().startsWith("model.layers.0.") || t.name().startsWith("model.embed");
                (early ? first : second).add(asHf(t));
                weightMap.put(t.name(), early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
            }
            SafetensorsTestFiles.write(dir.resolve("model-00001-of-00002.safetensors"), first);
            SafetensorsTestFiles.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        }
        JSON.writeValue(dir.resolve("model.safetensors.index.json").toFile(),
                Map.of("metadata", Map.of("total_size", 13448704), "weight_map", weightMap));

        try (HfCheckpoint sharded = HfCheckpoint.open(dir); HfCheckpoint single = HfCheckpoint.open(HF)) {
            assertThat(sharded.tensors().keySet()).containsExactlyInAnyOrderElementsOf(single.tensors().keySet());
            for (TensorEntry t : single.tensors().values()) {
                TensorEntry s = sharded.tensor(t.name()).orElseThrow();
                assertThat(s.shape()).containsExactly(t.shape());
                assertThat(s.data().mismatch(t.data())).as(t.name()).isEqualTo(-1L);
            }
            assertThat(sharded.generationConfig()).isEqualTo(HfGenerationConfig.NONE);
            assertThat(sharded.tokenizerJson()).isEmpty();
            assertThat(sharded.chatTemplate()).isEmpty();
        }
    }

    @Test
    void a_weight_map_naming_a_tensor_its_shard_lacks_is_rejected() throws IOException {
        Path dir = minimalModel(tmp.resolve("bad-index"), "model-1.safetensors");
        JSON.writeValue(dir.resolve("model.safetensors.index.json").toFile(),
                Map.of("weight_map", Map.of("model.norm.weight", "model-1.safetensors",
                        "lm_head.weight", "model-1.safetensors")));
        assertThatThrownBy(() -> HfCheckpoint.open(dir))
                .isInstanceOf(HfCheckpointException.class)
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("lm_head.weight in model-1.safetensors, which has no such tensor");

        JSON.writeValue(dir.resolve("model.safetensors.index.json").toFile(),
                Map.of("weight_map", Map.of("model.norm.weight", "../elsewhere.safetensors")));
        assertThatThrownBy(() -> HfCheckpoint.open(dir)).hasMessageContaining("must name a file in the model directory");
    }

    @Test
    void unknown_tensors_keep_their_name_and_rotary_buffers_are_dropped() throws IOException {
        Path dir = minimalModel(tmp.resolve("extra"), "model.safetensors",
                new HfTensor("model.layers.0.self_attn.rotary_emb.inv_freq", "F32", new long[] {2}, new byte[8]),
                new HfTensor("model.layers.0.mlp.experts_gate.weight", "F16", new long[] {2}, new byte[4]),
                new HfTensor("model.layers.1.self_attn.k_proj.bias", "BF16", new long[] {2}, new byte[4]));
        try (HfCheckpoint hf = HfCheckpoint.open(dir)) {
            assertThat(hf.tensors().keySet()).containsExactly(
                    "output_norm.weight", "model.layers.0.mlp.experts_gate.weight", "blk.1.attn_k.bias");
            assertThat(hf.tensor("blk.1.attn_k.bias").orElseThrow().name()).isEqualTo("blk.1.attn_k.bias");
        }
    }

    @Test
    void maps_every_qwen2_name_the_way_llama_cpp_does() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("model.embed_tokens.weight", "token_embd.weight"),
                Map.entry("model.norm.weight", "output_norm.weight"),
                Map.entry("lm_head.weight", "output.weight"),
                Map.entry("model.layers.27.input_layernorm.weight", "blk.27.attn_norm.weight"),
                Map.entry("model.layers.3.self_attn.q_proj.weight", "blk.3.attn_q.weight"),
                Map.entry("model.layers.3.self_attn.q_proj.bias", "blk.3.attn_q.bias"),
                Map.entry("model.layers.3.self_attn.k_proj.weight", "blk.3.attn_k.weight"),
                Map.entry("model.layers.3.self_attn.k_proj.bias", "blk.3.attn_k.bias"),
                Map.entry("model.layers.3.self_attn.v_proj.weight", "blk.3.attn_v.weight"),
                Map.entry("model.layers.3.self_attn.v_proj.bias", "blk.3.attn_v.bias"),
                Map.entry("model.layers.3.self_attn.o_proj.weight", "blk.3.attn_output.weight"),
                Map.entry("model.layers.3.post_attention_layernorm.weight", "blk.3.ffn_norm.weight"),
                Map.entry("model.layers.3.mlp.gate_proj.weight", "blk.3.ffn_gate.weight"),
                Map.entry("model.layers.3.mlp.up_proj.weight", "blk.3.ffn_up.weight"),
                Map.entry("model.layers.3.mlp.down_proj.weight", "blk.3.ffn_down.weight"));
        expected.forEach((hf, gguf) -> assertThat(HfTensorNames.ggufName(hf)).as(hf).contains(gguf));
        assertThat(HfTensorNames.ggufName("model.rotary_emb.inv_freq")).isEmpty();
        assertThat(HfTensorNames.ggufName("model.layers.x.mlp.up_proj.weight")).contains("model.layers.x.mlp.up_proj.weight");
    }

    @Test
    void a_config_without_a_required_field_names_the_field() throws IOException {
        Path dir = minimalModel(tmp.resolve("no-hidden"), "model.safetensors");
        Files.writeString(dir.resolve("config.json"),
                "{\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"intermediate_size\": 8, \"vocab_size\": 2}");
        assertThatThrownBy(() -> HfCheckpoint.open(dir))
                .isInstanceOf(HfCheckpointException.class)
                .hasMessageContaining(dir.resolve("config.json").toString())
                .hasMessageContaining("required field \"hidden_size\" is missing");

        Files.writeString(dir.resolve("config.json"), "{\"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                + " \"intermediate_size\": 8, \"vocab_size\": 2, \"hidden_size\": \"big\"}");
        assertThatThrownBy(() -> HfCheckpoint.open(dir)).hasMessageContaining("\"hidden_size\" must be an integer, got \"big\"");
    }

    @Test
    void optional_config_fields_fall_back_to_qwen2_defaults_and_eos_may_be_a_list() throws IOException {
        Path dir = minimalModel(tmp.resolve("defaults"), "model.safetensors");
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 4, \"intermediate_size\": 8, \"vocab_size\": 2, \"eos_token_id\": [5, 7],"
                + " \"dtype\": \"float16\"}");
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [5, 7], \"top_k\": 20}");
        try (HfCheckpoint hf = HfCheckpoint.open(dir)) {
            HfConfig c = hf.config();
            assertThat(c.modelType()).isEqualTo("qwen2");
            assertThat(c.numKeyValueHeads()).isEqualTo(4);
            assertThat(c.rmsNormEps()).isEqualTo(1e-6);
            assertThat(c.ropeTheta()).isEqualTo(10000.0);
            assertThat(c.maxPositionEmbeddings()).isEqualTo(32768);
            assertThat(c.tieWordEmbeddings()).isFalse();
            assertThat(c.bosTokenId()).isNull();
            assertThat(c.eosTokenIds()).containsExactly(5, 7);
            assertThat(c.torchDtype()).isEqualTo("float16");
            assertThat(hf.generationConfig().eosTokenIds()).containsExactly(5, 7);
            assertThat(hf.generationConfig().topK()).isEqualTo(20);
            assertThat(hf.generationConfig().temperature()).isNull();
        }
    }

    @Test
    void picks_the_default_template_from_a_list_and_prefers_chat_template_jinja() throws IOException {
        Path dir = minimalModel(tmp.resolve("templates"), "model.safetensors");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": ["
                + "{\"name\": \"tool_use\", \"template\": \"TOOLS\"}, {\"name\": \"default\", \"template\": \"PLAIN\"}]}");
        try (HfCheckpoint hf = HfCheckpoint.open(dir)) {
            assertThat(hf.chatTemplate()).contains("PLAIN");
            assertThat(hf.tokenizerConfigJson()).contains(dir.resolve("tokenizer_config.json"));
        }
        Files.writeString(dir.resolve("chat_template.jinja"), "FROM FILE");
        try (HfCheckpoint hf = HfCheckpoint.open(dir)) {
            assertThat(hf.chatTemplate()).contains("FROM FILE");
        }
    }

    @Test
    void a_directory_without_weights_says_which_files_it_looked_for() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Files.copy(HF.resolve("config.json"), dir.resolve("config.json"));
        assertThatThrownBy(() -> HfCheckpoint.open(dir))
                .isInstanceOf(HfCheckpointException.class)
                .hasMessageContaining("has neither model.safetensors nor model.safetensors.index.json");
        assertThatThrownBy(() -> HfCheckpoint.open(tmp.resolve("missing")))
                .hasMessageContaining("not a directory");
    }

    /** A model directory with the tiny config and one weight file holding model.norm.weight plus {@code extra}. */
    private static Path minimalModel(Path dir, String weightFile, HfTensor... extra) throws IOException {
        Files.createDirectories(dir);
        Files.copy(HF.resolve("config.json"), dir.resolve("config.json"));
        List<HfTensor> tensors = new ArrayList<>();
        tensors.add(new HfTensor("model.norm.weight", "BF16", new long[] {4}, new byte[8]));
        tensors.addAll(List.of(extra));
        SafetensorsTestFiles.write(dir.resolve(weightFile), tensors);
        return dir;
    }

    private static HfTensor asHf(TensorEntry t) {
        long[] hfShape = new long[t.shape().length];
        for (int i = 0; i < hfShape.length; i++) hfShape[i] = t.shape()[hfShape.length - 1 - i];
        return new HfTensor(t.name(), t.type().name(), hfShape, t.data().toArray(ValueLayout.JAVA_BYTE));
    }

    private static void assertIsBf16RoundingOf(TensorEntry bf16, TensorEntry f32) {
        MemorySegment ours = bf16.data();
        MemorySegment theirs = f32.data();
        long n = bf16.elementCount();
        for (long i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(theirs.getAtIndex(F32_LE, i));
            int roundedToNearestEven = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
            assertThat(ours.getAtIndex(U16_LE, i) & 0xFFFF).as("%s[%d]", bf16.name(), i).isEqualTo(roundedToNearestEven);
        }
    }
}
