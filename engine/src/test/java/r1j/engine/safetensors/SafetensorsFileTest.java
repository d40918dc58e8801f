package r1j.engine.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.engine.safetensors.SafetensorsTestFiles.HfTensor;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;
import r1j.testkit.Fixtures;

class SafetensorsFileTest {

    private static final Path TINY = Fixtures.resolve("tiny-qwen2/hf/model.safetensors");

    @TempDir
    Path tmp;

    @Test
    void reads_every_tensor_of_the_tiny_model_with_shapes_in_ggml_order() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(TINY)) {
            assertThat(file.tensors()).hasSize(2 * 12 + 3).doesNotContainKey("__metadata__");
            TensorEntry k = file.tensor("model.layers.0.self_attn.k_proj.weight").orElseThrow();
            assertThat(k.type()).isEqualTo(GgmlType.BF16);
            assertThat(k.shape()).containsExactly(768, 128); // HF [128, 768]
            assertThat(k.rows()).isEqualTo(128);
            assertThat(k.data().byteSize()).isEqualTo(128L * 768 * 2);
            assertThat(file.tensor("model.norm.weight").orElseThrow().shape()).containsExactly(768);
            assertThat(file.tensor("no.such.tensor")).isEmpty();
            assertThat(file.tensors().values()).allSatisfy(t -> assertThat(t.data().isReadOnly()).isTrue());
        }
    }

    @Test
    void slices_start_at_the_offsets_the_header_gives() throws IOException {
        byte[] a = floats(1f, 2f, 3f, 4f, 5f, 6f);
        byte[] b = {0x00, 0x3C, 0x00, (byte) 0xC0}; // F16 1.0, -2.0
        Path file = tmp.resolve("two.safetensors");
        SafetensorsTestFiles.write(file, List.of(
                new HfTensor("a", "F32", new long[] {2, 3}, a),
                new HfTensor("b", "F16", new long[] {2}, b)));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            TensorEntry ta = st.tensor("a").orElseThrow();
            assertThat(ta.shape()).containsExactly(3, 2);
            assertThat(ta.data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4))
                    .isEqualTo(5f);
            TensorEntry tb = st.tensor("b").orElseThrow();
            assertThat(tb.type()).isEqualTo(GgmlType.F16);
            assertThat(tb.data().toArray(ValueLayout.JAVA_BYTE)).containsExactly(b);
        }
    }

    @Test
    void a_truncated_file_is_reported_with_its_name_and_the_tensor_that_no_longer_fits() throws IOException {
        byte[] whole = Files.readAllBytes(TINY);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 1000));
        assertThatThrownBy(() -> SafetensorsFile.open(cut))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("model.norm.weight")
                .hasMessageContaining("truncated");
    }

    @Test
    void a_file_shorter_than_the_length_field_is_rejected() throws IOException {
        Path tiny = tmp.resolve("three-bytes.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.open(tiny))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(tiny.toString())
                .hasMessageContaining("too short");
    }

    @Test
    void a_header_length_beyond_the_file_is_rejected() throws IOException {
        Path file = tmp.resolve("long-header.safetensors");
        SafetensorsTestFiles.writeRaw(file, 1_000_000, "{}".getBytes(), new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header length 1000000 goes beyond the end of the file");

        Path negative = tmp.resolve("negative-header.safetensors");
        SafetensorsTestFiles.writeRaw(negative, -8, "{}".getBytes(), new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(negative))
                .hasMessageContaining("header length 18446744073709551608 goes beyond");
    }

    @Test
    void an_unsupported_dtype_names_the_tensor_and_the_dtype() throws IOException {
        Path file = tmp.resolve("i64.safetensors");
        SafetensorsTestFiles.write(file, List.of(
                new HfTensor("model.norm.weight", "F32", new long[] {2}, floats(1f, 2f)),
                new HfTensor("position_ids", "I64", new long[] {1, 2}, new byte[16])));
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tensor position_ids has dtype I64");
    }

    @Test
    void offsets_that_disagree_with_dtype_and_shape_are_rejected() throws IOException {
        Path file = tmp.resolve("wrong-size.safetensors");
        SafetensorsTestFiles.writeRaw(file,
                "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,10]}}", new byte[12]);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("tensor w: data_offsets [0,10] span 10 bytes but BF16 [2,3] needs 12");
    }

    @Test
    void offsets_past_the_data_section_and_reversed_offsets_are_rejected() throws IOException {
        Path past = tmp.resolve("past.safetensors");
        SafetensorsTestFiles.writeRaw(past,
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[12]);
        assertThatThrownBy(() -> SafetensorsFile.open(past))
                .hasMessageContaining("tensor w: data_offsets [8, 16] go beyond the data section of 12 bytes");

        Path reversed = tmp.resolve("reversed.safetensors");
        SafetensorsTestFiles.writeRaw(reversed,
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", new byte[12]);
        assertThatThrownBy(() -> SafetensorsFile.open(reversed)).hasMessageContaining("begin <= end");
    }

    @Test
    void a_header_that_is_not_json_is_rejected() throws IOException {
        Path file = tmp.resolve("garbage.safetensors");
        SafetensorsTestFiles.writeRaw(file, "{\"w\": [", new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void closing_releases_the_mapping() throws IOException {
        SafetensorsFile file = SafetensorsFile.open(TINY);
        TensorEntry norm = file.tensor("model.norm.weight").orElseThrow();
        file.close();
        assertThatThrownBy(() -> norm.data().get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] floats(float... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) buf.putFloat(v);
        return buf.array();
    }
}
