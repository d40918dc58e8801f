package r1j.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.engine.gguf.GgufFile;

/** Reading tokenizer files, and refusing the ones that are not byte-level BPE with a message that says why. */
class TokenizerSpecsTest {
    /** A complete byte-level BPE tokenizer.json in miniature: 256 byte tokens, one merge, two added tokens. */
    private static String tokenizerJson(String modelType, String preTokenizer) {
        StringBuilder vocab = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            String symbol = String.valueOf(ByteLevel.charOf(b));
            vocab.append(b == 0 ? "" : ",").append('"').append(symbol.equals("\"") ? "\\\"" : symbol.equals("\\")
                    ? "\\\\" : symbol).append("\":").append(b);
        }
        vocab.append(",\"hi\":256");
        return """
                {"version": "1.0",
                 "added_tokens": [
                   {"id": 257, "content": "<s>", "special": true},
                   {"id": 258, "content": "<think>", "special": false}],
                 "normalizer": null,
                 "pre_tokenizer": %s,
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]},
                 "decoder": {"type": "ByteLevel"},
                 "model": {"type": "%s", "vocab": {%s}, "merges": [["h", "i"]]}}
                """.formatted(preTokenizer, modelType, vocab);
    }

    private static final String BYTE_LEVEL = "{\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"use_regex\": true}";

    @TempDir
    Path dir;

    @Test
    void reads_a_minimal_tokenizer_json_without_a_config() throws IOException {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson("BPE", BYTE_LEVEL));
        TokenizerSpec spec = TokenizerSpecs.fromTokenizerJson(json, dir.resolve("tokenizer_config.json"));
        assertThat(spec.size()).isEqualTo(259);
        assertThat(spec.bos()).isEqualTo(257); // from the post-processor template
        assertThat(spec.addBos()).isTrue();
        assertThat(spec.eos()).isEqualTo(-1);
        assertThat(spec.pad()).isEqualTo(-1);
        assertThat(spec.preTokenizer()).isEqualTo(PreTokenizer.GPT2);
        assertThat(spec.type(257)).isEqualTo(TokenType.CONTROL);
        assertThat(spec.type(258)).isEqualTo(TokenType.USER_DEFINED);
        assertThat(spec.addedTokens()).containsExactly(new AddedToken(257, "<s>", true),
                new AddedToken(258, "<think>", false));
        BpeTokenizer tokenizer = new BpeTokenizer(spec);
        assertThat(tokenizer.encodeWithBos("hi<think>hi")).containsExactly(257, 256, 258, 256);
    }

    @Test
    void reads_bos_and_eos_given_as_strings_or_as_content_objects_in_the_config() throws IOException {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson("BPE", BYTE_LEVEL));
        Path config = Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"add_bos_token": false, "bos_token": {"content": "<s>", "special": true},
                 "eos_token": "<think>", "pad_token": null}
                """);
        TokenizerSpec spec = TokenizerSpecs.fromTokenizerJson(json, config);
        assertThat(List.of(spec.bos(), spec.eos(), spec.pad())).containsExactly(257, 258, -1);
        assertThat(spec.addBos()).isFalse();
    }

    @Test
    void refuses_a_config_naming_a_token_that_does_not_exist() throws IOException {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson("BPE", BYTE_LEVEL));
        Path config = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        assertThatThrownBy(() -> TokenizerSpecs.fromTokenizerJson(json, config))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("eos_token '</s>' is not in the vocabulary");
    }

    @Test
    void refuses_a_tokenizer_json_whose_model_is_not_bpe() throws IOException {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson("Unigram", BYTE_LEVEL));
        assertThatThrownBy(() -> TokenizerSpecs.fromTokenizerJson(json, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("model type is 'Unigram'; only BPE is supported");
    }

    @Test
    void refuses_a_tokenizer_json_whose_pre_tokenizer_is_not_byte_level() throws IOException {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson("BPE",
                "{\"type\": \"Metaspace\", \"replacement\": \"▁\", \"prepend_scheme\": \"first\"}"));
        assertThatThrownBy(() -> TokenizerSpecs.fromTokenizerJson(json, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("pre_tokenizer step 'Metaspace' is not supported");
        Path none = Files.writeString(dir.resolve("none.json"), tokenizerJson("BPE", "null"));
        assertThatThrownBy(() -> TokenizerSpecs.fromTokenizerJson(none, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("pre_tokenizer is not byte-level");
    }

    @Test
    void refuses_a_split_regex_it_does_not_know() throws IOException {
        String split = "{\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"Regex\": "
                + "\"\\\\p{L}+\"}, \"behavior\": \"Isolated\", \"invert\": false}, {\"type\": \"ByteLevel\", "
                + "\"use_regex\": false}]}";
        Path json = Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson("BPE", split));
        assertThatThrownBy(() -> TokenizerSpecs.fromTokenizerJson(json, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("Split regex is not one r1j knows")
                .hasMessageContaining("\\p{L}+");
    }

    @Test
    void refuses_a_file_that_is_not_json() throws IOException {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), "{ not json");
        assertThatThrownBy(() -> TokenizerSpecs.fromTokenizerJson(json, null))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("cannot read JSON");
    }

    @Test
    void refuses_a_gguf_without_tokenizer_keys() throws IOException {
        Path file = GgufTestFiles.write(dir.resolve("weights-only.gguf"), Map.of("general.architecture", "qwen2"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThatThrownBy(() -> TokenizerSpecs.fromGguf(gguf))
                    .isInstanceOf(TokenizerFormatException.class)
                    .hasMessageContaining("weights-only.gguf has no tokenizer (tokenizer.ggml.tokens missing)");
        }
    }

    @Test
    void refuses_a_gguf_whose_tokenizer_model_is_not_gpt2() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tokenizer.ggml.model", "llama");
        metadata.put("tokenizer.ggml.tokens", new String[] {"<unk>", "<s>", "</s>"});
        metadata.put("tokenizer.ggml.token_type", new int[] {2, 3, 3});
        Path file = GgufTestFiles.write(dir.resolve("spm.gguf"), metadata);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThatThrownBy(() -> TokenizerSpecs.fromGguf(gguf))
                    .isInstanceOf(TokenizerFormatException.class)
                    .hasMessageContaining("tokenizer.ggml.model is 'llama'; r1j supports only 'gpt2'");
        }
    }

    @Test
    void refuses_a_gguf_with_an_unknown_pre_tokenizer_or_missing_merges() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tokenizer.ggml.model", "gpt2");
        metadata.put("tokenizer.ggml.pre", "llama-bpe");
        metadata.put("tokenizer.ggml.tokens", new String[] {"a"});
        try (GgufFile gguf = GgufFile.open(GgufTestFiles.write(dir.resolve("llama3.gguf"), metadata))) {
            assertThatThrownBy(() -> TokenizerSpecs.fromGguf(gguf))
                    .hasMessageContaining("tokenizer.ggml.pre is 'llama-bpe'");
        }
        metadata.put("tokenizer.ggml.pre", "qwen2");
        metadata.put("tokenizer.ggml.token_type", new int[] {1});
        try (GgufFile gguf = GgufFile.open(GgufTestFiles.write(dir.resolve("nomerges.gguf"), metadata))) {
            assertThatThrownBy(() -> TokenizerSpecs.fromGguf(gguf))
                    .hasMessageContaining("tokenizer.ggml.merges is missing");
        }
    }

    @Test
    void refuses_a_vocabulary_without_all_256_byte_tokens() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tokenizer.ggml.model", "gpt2");
        metadata.put("tokenizer.ggml.pre", "qwen2");
        metadata.put("tokenizer.ggml.tokens", new String[] {"a", "b"});
        metadata.put("tokenizer.ggml.token_type", new int[] {1, 1});
        metadata.put("tokenizer.ggml.merges", new String[] {"a b"});
        try (GgufFile gguf = GgufFile.open(GgufTestFiles.write(dir.resolve("tiny.gguf"), metadata))) {
            TokenizerSpec spec = TokenizerSpecs.fromGguf(gguf);
            assertThatThrownBy(() -> new BpeTokenizer(spec))
                    .isInstanceOf(TokenizerFormatException.class)
                    .hasMessageContaining("no token for byte 0x00");
        }
    }

    @Test
    void loads_the_real_tokenizer_from_either_file_quickly() {
        // CPU time of this thread, not wall time: other builds may share the machine.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        TokenizerSpec json = TokenizerSpecs.fromTokenizerJson(ReferenceCases.TOKENIZER_JSON,
                ReferenceCases.TOKENIZER_CONFIG);
        long t1 = threads.getCurrentThreadCpuTime();
        TokenizerSpec gguf = ReferenceCases.specFromGguf(ReferenceCases.VOCAB_GGUF);
        long t2 = threads.getCurrentThreadCpuTime();
        new BpeTokenizer(gguf);
        long t3 = threads.getCurrentThreadCpuTime();
        System.out.printf("tokenizer.json read in %.0f ms; vocab gguf read in %.0f ms; BpeTokenizer built in %.0f ms"
                + " (CPU)%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
        assertThat(json.size()).isEqualTo(151665);
        assertThat((t3 - t1) / 1e6).as("GGUF read + build, ms").isLessThan(2000);
        assertThat((t1 - t0) / 1e6).as("tokenizer.json read, ms").isLessThan(3000);
    }
}
