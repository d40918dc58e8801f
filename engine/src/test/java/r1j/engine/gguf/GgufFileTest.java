package r1j.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

class GgufFileTest {
    private static final Path VOCAB = Fixtures.resolve("tokenizer/deepseek-r1-distill-qwen-vocab.gguf");

    static Stream<Path> tinyQwen2Files() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.resolve("tiny-qwen2"))) {
            List<Path> ggufs = files.filter(p -> p.getFileName().toString().endsWith(".gguf")).sorted().toList();
            assertThat(ggufs).hasSize(15);
            return ggufs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("tinyQwen2Files")
    void reads_every_tiny_qwen2_file(Path file) throws IOException {
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.getString("general.architecture")).isEqualTo("qwen2");
            assertThat(gguf.getInt("qwen2.block_count")).isEqualTo(2);
            assertThat(gguf.getInt("qwen2.embedding_length")).isEqualTo(768);
            assertThat(gguf.getFloat("qwen2.attention.layer_norm_rms_epsilon")).isEqualTo(1e-6f);
            assertThat(gguf.getStringArray("tokenizer.ggml.tokens")).hasSize(1046);
            assertThat(gguf.getInt("tokenizer.ggml.bos_token_id")).isEqualTo(1027);

            assertThat(gguf.tensors()).hasSize(27);
            TensorEntry q = gguf.tensor("blk.0.attn_q.weight").orElseThrow();
            assertThat(q.shape()).containsExactly(768, 768);
            assertThat(gguf.tensor("blk.0.ffn_down.weight").orElseThrow().shape()).containsExactly(512, 768);
            assertThat(gguf.tensor("output_norm.weight").orElseThrow().type()).isEqualTo(GgmlType.F32);
            for (TensorEntry t : gguf.tensors()) {
                assertThat(t.data().byteSize()).as(t.name()).isEqualTo(t.type().bytesFor(t.elementCount()));
                assertThat(gguf.tensor(t.name())).containsSame(t);
            }
        }
    }

    @Test
    void reads_the_real_vocabulary_quickly() throws IOException {
        long start = System.nanoTime();
        try (GgufFile vocab = GgufFile.open(VOCAB)) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(vocab.getString("general.architecture")).isEqualTo("qwen2");
            assertThat(vocab.getString("tokenizer.ggml.model")).isEqualTo("gpt2");
            assertThat(vocab.getString("tokenizer.ggml.pre")).isEqualTo("deepseek-r1-qwen");
            assertThat(vocab.getStringArray("tokenizer.ggml.tokens")).hasSize(151936);
            assertThat(vocab.getStringArray("tokenizer.ggml.merges")).hasSize(151387);
            assertThat(vocab.getIntArray("tokenizer.ggml.token_type")).hasSize(151936);
            assertThat(vocab.getInt("tokenizer.ggml.bos_token_id")).isEqualTo(151646);
            assertThat(vocab.getInt("tokenizer.ggml.eos_token_id")).isEqualTo(151643);
            assertThat(vocab.getBoolean("tokenizer.ggml.add_bos_token")).isTrue();
            assertThat(vocab.getString("tokenizer.chat_template")).contains("<｜Assistant｜>");
            assertThat(vocab.tensors()).isEmpty();
            // Generous for a cold JVM on a slow machine; a per-byte reader takes several seconds.
            assertThat(millis).as("parse time in ms").isLessThan(3000);
        }
    }

    @Test
    void keeps_the_value_representation_of_each_gguf_type() throws IOException {
        try (GgufFile vocab = GgufFile.open(VOCAB)) {
            assertThat(vocab.valueType("qwen2.block_count")).contains(GgufValueType.UINT32);
            assertThat(vocab.metadata().get("qwen2.block_count")).isEqualTo(28L);
            assertThat(vocab.metadata().get("qwen2.rope.freq_base")).isEqualTo(10000f);
            assertThat(vocab.metadata().get("tokenizer.ggml.token_type")).isInstanceOf(int[].class);
            assertThat(vocab.metadata().keySet()).startsWith("general.architecture");
            assertThat(vocab.find("no.such.key")).isEmpty();
            assertThat(vocab.has("tokenizer.ggml.merges")).isTrue();
        }
    }

    @Test
    void getters_name_the_key_when_it_is_missing_or_of_the_wrong_type() throws IOException {
        try (GgufFile vocab = GgufFile.open(VOCAB)) {
            assertThatThrownBy(() -> vocab.getInt("qwen2.missing"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("'qwen2.missing' is missing")
                    .hasMessageContaining("deepseek-r1-distill-qwen-vocab.gguf");
            assertThatThrownBy(() -> vocab.getInt("general.architecture"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("'general.architecture' should be an integer but is a string");
            assertThatThrownBy(() -> vocab.getString("qwen2.block_count"))
                    .hasMessageContaining("'qwen2.block_count' should be a string but is a uint32");
            assertThatThrownBy(() -> vocab.getStringArray("tokenizer.ggml.token_type"))
                    .hasMessageContaining("'tokenizer.ggml.token_type' should be an array of strings but is an array (int[])");
        }
    }

    @Test
    void returned_arrays_are_copies() throws IOException {
        try (GgufFile vocab = GgufFile.open(VOCAB)) {
            vocab.getStringArray("tokenizer.ggml.tokens")[0] = "changed";
            assertThat(vocab.getStringArray("tokenizer.ggml.tokens")[0]).isEqualTo("!");
        }
    }

    @Test
    void close_releases_the_mapping_and_may_be_repeated() throws IOException {
        GgufFile gguf = GgufFile.open(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_0.gguf"));
        TensorEntry t = gguf.tensors().getFirst();
        assertThat(t.data().scope().isAlive()).isTrue();
        gguf.close();
        gguf.close();
        assertThat(t.data().scope().isAlive()).isFalse();
    }
}
