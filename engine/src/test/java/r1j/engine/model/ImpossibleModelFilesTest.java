package r1j.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import r1j.testkit.Fixtures;
import r1j.engine.gguf.GgufFile;
import r1j.engine.gguf.GgufFormatException;
import r1j.engine.template.TemplateException;
import r1j.engine.tokenizer.TokenizerFormatException;

/**
 * Model files whose metadata cannot describe a model (issue 13): each is refused before anything is sized by it,
 * with a message naming the key and the value; and a seeded fuzz over the fixture's header finds no other way to
 * make loading fail with anything but a clear error.
 */
class ImpossibleModelFilesTest {
    private static final Path TINY = Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf");

    /** The fixture with the scalar value of {@code key} replaced (a uint32 or float32 as the file has it). */
    static byte[] withValue(byte[] file, String key, long bits) {
        byte[] out = file.clone();
        int at = valueOffset(out, key);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) bits);
        return out;
    }

    /** Where the value of a metadata key starts: after its uint64 length, its bytes and its uint32 value type. */
    static int valueOffset(byte[] file, String key) {
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 8; i + name.length + 4 <= file.length; i++) {
            for (int j = 0; j < name.length; j++) if (file[i + j] != name[j]) continue outer;
            if (ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(i - 8) != name.length) continue;
            return i + name.length + 4;
        }
        throw new AssertionError("no metadata key " + key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "qwen2.attention.head_count                | 0          | qwen2.attention.head_count = 0",
        "qwen2.block_count                         | 2147483647 | qwen2.block_count = 2147483647 but the file has tensors for 2",
        "qwen2.block_count                         | 268435456  | qwen2.block_count = 268435456 but the file has tensors for 2",
        "qwen2.block_count                         | 0          | qwen2.block_count = 0",
        "qwen2.embedding_length                    | 0          | qwen2.embedding_length = 0",
        "qwen2.embedding_length                    | 1536       | qwen2.embedding_length = 1536 does not match token_embd",
        "qwen2.embedding_length                    | 1000       | qwen2.attention.head_count = 12 does not divide qwen2.embedding_length 1000",
        "qwen2.attention.head_count                | 7          | qwen2.attention.head_count_kv = 2 does not divide qwen2.attention.head_count 7",
        "qwen2.attention.head_count_kv             | 5          | qwen2.attention.head_count_kv = 5 does not divide",
        "qwen2.attention.head_count_kv             | 4294967295 | 'qwen2.attention.head_count_kv' should be an int but is the value 4294967295",
        "qwen2.context_length                      | 0          | qwen2.context_length = 0",
        "qwen2.feed_forward_length                 | 0          | qwen2.feed_forward_length = 0",
    })
    void impossible_hyper_parameters_are_refused_naming_key_and_value(String key, long value, String expected,
            @TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.gguf");
        Files.write(file, withValue(Files.readAllBytes(TINY), key, value));
        assertThatThrownBy(() -> LoadedModel.load(file))
                .isInstanceOfAny(UnsupportedModelException.class, GgufFormatException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "qwen2.attention.layer_norm_rms_epsilon | 0x7fc00000 | NaN",
        "qwen2.attention.layer_norm_rms_epsilon | 0x7f800000 | Infinity",
        "qwen2.rope.freq_base                   | 0x7f800000 | Infinity",
        "qwen2.rope.freq_base                   | 0xbf800000 | -1.0",
    })
    void epsilon_and_rope_theta_must_be_finite_and_positive(String key, String bits, String shown, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("bad.gguf");
        Files.write(file, withValue(Files.readAllBytes(TINY), key, Long.decode(bits)));
        assertThatThrownBy(() -> LoadedModel.load(file)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining(key + " = " + shown);
    }

    private static final List<String> NUMERIC_KEYS = List.of("qwen2.block_count", "qwen2.context_length",
            "qwen2.embedding_length", "qwen2.feed_forward_length", "qwen2.attention.head_count",
            "qwen2.attention.head_count_kv", "qwen2.attention.layer_norm_rms_epsilon", "qwen2.rope.freq_base",
            "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id");

    private static final long[] EXTREMES = {0, 1, 2, 3, 7, 0x7fffffffL, 0x80000000L, 0xffffffffL, 1L << 28, 0x7fc00000,
            0x7f800000, 0xff800000L, 0x00000001, 1_000_000};

    /**
     * Seeded and bounded: 150 mutants of the fixture, each either loads or is refused with an exception that says
     * what is wrong with the file. An arithmetic error, an out-of-memory error, a negative array size or an index out
     * of bounds would be a crash that a user sees as a stack trace.
     */
    @Test
    void fuzzed_model_files_load_or_fail_with_a_clear_error(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(TINY);
        int header = headerLength();
        SplittableRandom random = new SplittableRandom(13);
        Path file = dir.resolve("mutant.gguf");
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            byte[] mutant = switch (i % 3) {
                case 0 -> withValue(original, NUMERIC_KEYS.get(random.nextInt(NUMERIC_KEYS.size())),
                        EXTREMES[random.nextInt(EXTREMES.length)]);
                case 1 -> {
                    byte[] m = original.clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        m[random.nextInt(header)] = (byte) random.nextInt(256);
                    }
                    yield m;
                }
                default -> java.util.Arrays.copyOf(original, random.nextInt(header + 4096));
            };
            Files.write(file, mutant);
            try (LoadedModel model = LoadedModel.load(file)) {
                assertThat(model.config().layers()).isEqualTo(2);
                loaded++;
            } catch (IOException | UnsupportedModelException | TokenizerFormatException | TemplateException e) {
                // What the CLI prints as "r1j: <message>": it must say something.
                assertThat(e.getMessage()).as("mutant %d", i).isNotBlank();
                refused++;
            }
        }
        assertThat(loaded + refused).isEqualTo(150);
        assertThat(refused).isGreaterThan(20);
    }

    /** Bytes before the tensor data: metadata and tensor infos, the part whose damage the loader must notice. */
    private static int headerLength() throws IOException {
        try (GgufFile gguf = GgufFile.open(TINY)) {
            return (int) gguf.dataOffset();
        }
    }
}
