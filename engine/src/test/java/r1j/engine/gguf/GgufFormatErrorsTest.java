package r1j.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import r1j.engine.quant.QuantFormats;
import r1j.engine.quant.UnsupportedTensorTypeException;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/** Corrupt files: each is a small valid file from {@link GgufWriter} with a few bytes patched or cut off. */
class GgufFormatErrorsTest {
    @TempDir
    Path dir;

    /** A valid file with metadata of several kinds and two tensors. */
    private byte[] validFile() throws IOException {
        Path file = dir.resolve("valid.gguf");
        new GgufWriter()
                .putString("general.architecture", "qwen2")
                .put("test.byte", GgufValueType.UINT8, 7)
                .put("test.strings", new String[] {"alpha", "beta"})
                .put("test.floats", new float[] {1f, 2f})
                .addTensor("first", GgmlType.F32, new long[] {4, 2}, new byte[32])
                .addTensor("second", GgmlType.Q8_0, new long[] {32}, new byte[34])
                .write(file);
        return Files.readAllBytes(file);
    }

    private Path save(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private GgufFormatException openFails(Path file) {
        try (GgufFile ignored = GgufFile.open(file)) {
            return fail("opening " + file + " should have failed");
        } catch (GgufFormatException e) {
            assertThat(e.getMessage()).contains(file.getFileName().toString());
            return e;
        } catch (IOException | RuntimeException e) {
            return fail("expected a GgufFormatException, got " + e, e);
        }
    }

    /** The offset just past {@code text}'s first occurrence (as a GGUF string body). */
    private static int after(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) continue outer;
            }
            return i + needle.length;
        }
        throw new AssertionError(text + " not found");
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    private static void putLong(byte[] bytes, int at, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
    }

    @Test
    void the_unpatched_file_opens() throws IOException {
        try (GgufFile gguf = GgufFile.open(save("ok.gguf", validFile()))) {
            assertThat(gguf.tensors()).hasSize(2);
            assertThat(gguf.getInt("test.byte")).isEqualTo(7);
        }
    }

    @Test
    void a_file_cut_anywhere_before_the_end_of_its_tensor_data_is_rejected() throws IOException {
        byte[] bytes = validFile();
        long dataEnd;
        try (GgufFile gguf = GgufFile.open(save("whole.gguf", bytes))) {
            TensorEntry last = gguf.tensor("second").orElseThrow();
            dataEnd = last.data().address() - gguf.tensor("first").orElseThrow().data().address() + gguf.dataOffset() + 34;
        }
        for (int length = 0; length < dataEnd; length++) {
            GgufFormatException e = openFails(save("cut-" + length + ".gguf", Arrays.copyOf(bytes, length)));
            assertThat(e.getMessage()).as("cut at " + length).containsAnyOf("truncated", "runs past the end", "remain");
        }
    }

    @Test
    void a_cut_in_the_header_says_truncated() throws IOException {
        GgufFormatException e = openFails(save("cut.gguf", Arrays.copyOf(validFile(), 10)));
        assertThat(e.getMessage()).contains("truncated file: tensor count needs 8 bytes at offset 8 but only 2 remain");
    }

    @Test
    void a_cut_in_the_data_names_the_tensor() throws IOException {
        byte[] bytes = validFile();
        GgufFormatException e = openFails(save("cut.gguf", Arrays.copyOf(bytes, bytes.length - 40)));
        assertThat(e.getMessage()).contains("data of tensor 'second'").contains("runs past the end of the file");
    }

    @Test
    void wrong_magic_is_rejected() throws IOException {
        byte[] bytes = validFile();
        bytes[0] = 'X';
        assertThat(openFails(save("magic.gguf", bytes)).getMessage()).contains("not a GGUF file").contains("expected \"GGUF\"");
        assertThat(openFails(save("empty.gguf", new byte[0])).getMessage()).contains("truncated");
    }

    @Test
    void only_versions_2_and_3_are_read() throws IOException {
        byte[] bytes = validFile();
        putInt(bytes, 4, 1);
        assertThat(openFails(save("v1.gguf", bytes)).getMessage()).contains("GGUF version 1 is not supported");
        putInt(bytes, 4, 4);
        assertThat(openFails(save("v4.gguf", bytes)).getMessage()).contains("unsupported GGUF version 4");
        putInt(bytes, 4, Integer.reverseBytes(3));
        assertThat(openFails(save("be.gguf", bytes)).getMessage()).contains("big-endian");
        putInt(bytes, 4, 2);
        try (GgufFile v2 = GgufFile.open(save("v2.gguf", bytes))) {
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.tensors()).hasSize(2);
        }
    }

    @Test
    @Timeout(5)
    void a_huge_declared_array_length_fails_before_allocating() throws IOException {
        byte[] bytes = validFile();
        int at = after(bytes, "test.strings") + 4 + 4; // value type ARRAY, element type STRING, then the count
        putLong(bytes, at, 1L << 60);
        assertThat(openFails(save("huge-array.gguf", bytes)).getMessage())
                .contains("metadata key 'test.strings' array of string declares 1152921504606846976 entries")
                .contains("bytes remain");
    }

    @Test
    @Timeout(5)
    void a_huge_declared_count_of_tensors_or_keys_fails_before_allocating() throws IOException {
        byte[] bytes = validFile();
        putLong(bytes, 8, 1L << 62);
        assertThat(openFails(save("huge-tensors.gguf", bytes)).getMessage()).contains("header tensor count declares");
        bytes = validFile();
        putLong(bytes, 16, -1L);
        assertThat(openFails(save("huge-keys.gguf", bytes)).getMessage())
                .contains("header metadata count declares 18446744073709551615 entries");
    }

    @Test
    @Timeout(5)
    void a_string_longer_than_the_file_fails_before_allocating() throws IOException {
        byte[] bytes = validFile();
        int at = after(bytes, "general.architecture") + 4; // value type STRING, then the length
        putLong(bytes, at, 1L << 40);
        assertThat(openFails(save("huge-string.gguf", bytes)).getMessage())
                .contains("metadata key 'general.architecture' declares a length of 1099511627776 bytes");
    }

    @Test
    void an_unknown_value_type_is_named() throws IOException {
        byte[] bytes = validFile();
        putInt(bytes, after(bytes, "test.byte"), 13);
        assertThat(openFails(save("value-type.gguf", bytes)).getMessage())
                .contains("metadata key 'test.byte' has unknown value type 13");
    }

    @Test
    void an_unknown_tensor_type_id_names_the_tensor_and_the_id() throws IOException {
        byte[] bytes = validFile();
        putInt(bytes, after(bytes, "second") + 4 + 8, 99); // n_dims, one dim, then the type
        assertThat(openFails(save("tensor-type.gguf", bytes)).getMessage())
                .contains("tensor 'second' has unknown ggml type id 99");
        putInt(bytes, after(bytes, "second") + 4 + 8, 4);
        assertThat(openFails(save("removed-type.gguf", bytes)).getMessage())
                .contains("tensor 'second' uses ggml type Q4_2 (id 4), which was removed");
    }

    @Test
    void a_known_but_unsupported_tensor_type_loads_and_fails_only_when_used() throws IOException {
        Path file = dir.resolve("iq2.gguf");
        new GgufWriter().addTensor("blk.0.attn_q.weight", GgmlType.IQ2_XXS, new long[] {256, 2}, new byte[2 * 66]).write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            TensorEntry t = gguf.tensor("blk.0.attn_q.weight").orElseThrow();
            assertThat(t.type()).isEqualTo(GgmlType.IQ2_XXS);
            assertThatThrownBy(() -> QuantFormats.forTensor(t))
                    .isInstanceOf(UnsupportedTensorTypeException.class)
                    .hasMessageContaining("tensor 'blk.0.attn_q.weight' has ggml type IQ2_XXS, which is not supported");
        }
    }

    @Test
    void tensor_data_past_the_end_of_the_file_names_the_tensor() throws IOException {
        byte[] bytes = validFile();
        putLong(bytes, after(bytes, "second") + 4 + 8 + 4, 1L << 40);
        assertThat(openFails(save("offset.gguf", bytes)).getMessage())
                .contains("data of tensor 'second'").contains("runs past the end of the file");
        putLong(bytes, after(bytes, "second") + 4 + 8 + 4, Long.MAX_VALUE - Long.MAX_VALUE % 32);
        assertThat(openFails(save("offset-overflow.gguf", bytes)).getMessage()).contains("runs past the end of the file");
    }

    @Test
    void a_misaligned_tensor_offset_is_rejected() throws IOException {
        byte[] bytes = validFile();
        putLong(bytes, after(bytes, "second") + 4 + 8 + 4, 33);
        assertThat(openFails(save("misaligned.gguf", bytes)).getMessage())
                .contains("tensor 'second' has data offset 33, not a multiple of the alignment 32");
    }

    @Test
    void duplicate_tensor_names_are_rejected() throws IOException {
        Path file = dir.resolve("dup.gguf");
        new GgufWriter()
                .addTensor("aa", GgmlType.F32, new long[] {1}, new byte[4])
                .addTensor("ab", GgmlType.F32, new long[] {1}, new byte[4])
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[after(bytes, "ab") - 1] = 'a';
        assertThat(openFails(save("dup2.gguf", bytes)).getMessage()).contains("duplicate tensor name 'aa'");
    }

    @Test
    void zero_negative_and_overflowing_dimensions_are_rejected() throws IOException {
        byte[] bytes = validFile();
        int dims = after(bytes, "first") + 4; // n_dims, then dims[0], dims[1]
        putLong(bytes, dims, 0);
        assertThat(openFails(save("zero.gguf", bytes)).getMessage()).contains("tensor 'first' has dimension 0 = 0");
        putLong(bytes, dims, 1L << 40);
        putLong(bytes, dims + 8, 1L << 40);
        assertThat(openFails(save("overflow.gguf", bytes)).getMessage()).contains("tensor 'first' has shape").contains("overflows");
        putInt(bytes, after(bytes, "first"), 5);
        assertThat(openFails(save("dims.gguf", bytes)).getMessage()).contains("tensor 'first' has 5 dimensions");
    }

    @Test
    void a_row_that_is_not_a_whole_number_of_blocks_is_rejected() throws IOException {
        byte[] bytes = validFile();
        putLong(bytes, after(bytes, "second") + 4, 16);
        assertThat(openFails(save("partial-block.gguf", bytes)).getMessage())
                .contains("tensor 'second' of type Q8_0 has rows of 16 values, not a multiple of its block size 32");
    }

    @Test
    void a_bad_alignment_is_rejected() throws IOException {
        Path file = dir.resolve("align.gguf");
        new GgufWriter().putUInt32("general.alignment", 64).write(file);
        byte[] bytes = Files.readAllBytes(file);
        putInt(bytes, after(bytes, "general.alignment") + 4, 48);
        assertThat(openFails(save("align48.gguf", bytes)).getMessage()).contains("general.alignment is 48, not a positive power of two");
    }

    @Test
    void a_missing_file_is_an_ordinary_io_error() {
        assertThatThrownBy(() -> GgufFile.open(dir.resolve("absent.gguf")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(GgufFormatException.class);
    }
}
