package r1j.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

class GgufWriterTest {
    @TempDir
    Path dir;

    @Test
    void round_trips_every_metadata_value_type() throws IOException {
        Path file = dir.resolve("all-types.gguf");
        new GgufWriter()
                .put("u8", GgufValueType.UINT8, 255)
                .put("i8", GgufValueType.INT8, -128)
                .put("u16", GgufValueType.UINT16, 65535)
                .put("i16", GgufValueType.INT16, -32768)
                .putUInt32("u32", 4_000_000_000L)
                .put("i32", -7)
                .put("u64", GgufValueType.UINT64, -1L)
                .put("i64", Long.MIN_VALUE)
                .put("f32", 1.5f)
                .put("f64", 2.25)
                .put("bool", true)
                .putString("string", "héllo ｜ wörld")
                .put("strings", new String[] {"a", "", "ç"})
                .putArray("u8s", GgufValueType.UINT8, new int[] {0, 200, 255})
                .putArray("i16s", GgufValueType.INT16, new int[] {-5, 5})
                .put("i32s", new int[] {1, -2, 3})
                .putArray("u32s", GgufValueType.UINT32, new long[] {0, 4_000_000_000L})
                .put("i64s", new long[] {Long.MAX_VALUE})
                .put("f32s", new float[] {0.5f, -0f})
                .put("f64s", new double[] {1e300})
                .put("bools", new boolean[] {true, false})
                .put("nested", new Object[] {new int[] {1, 2}, new String[] {"x"}})
                .write(file);

        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.metadata().keySet()).containsExactly("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32",
                    "f64", "bool", "string", "strings", "u8s", "i16s", "i32s", "u32s", "i64s", "f32s", "f64s", "bools", "nested");
            assertThat(gguf.metadata().get("u8")).isEqualTo(255);
            assertThat(gguf.metadata().get("i8")).isEqualTo(-128);
            assertThat(gguf.metadata().get("u16")).isEqualTo(65535);
            assertThat(gguf.metadata().get("i16")).isEqualTo(-32768);
            assertThat(gguf.metadata().get("u32")).isEqualTo(4_000_000_000L);
            assertThat(gguf.getInt("i32")).isEqualTo(-7);
            assertThat(gguf.getLong("u64")).isEqualTo(-1L);
            assertThat(gguf.valueType("u64")).contains(GgufValueType.UINT64);
            assertThat(gguf.getLong("i64")).isEqualTo(Long.MIN_VALUE);
            assertThat(gguf.metadata().get("f32")).isEqualTo(1.5f);
            assertThat(gguf.metadata().get("f64")).isEqualTo(2.25);
            assertThat(gguf.getFloat("f64")).isEqualTo(2.25f);
            assertThat(gguf.getBoolean("bool")).isTrue();
            assertThat(gguf.getString("string")).isEqualTo("héllo ｜ wörld");
            assertThat(gguf.getStringArray("strings")).containsExactly("a", "", "ç");
            assertThat(gguf.getIntArray("u8s")).containsExactly(0, 200, 255);
            assertThat(gguf.getIntArray("i16s")).containsExactly(-5, 5);
            assertThat(gguf.getIntArray("i32s")).containsExactly(1, -2, 3);
            assertThat((long[]) gguf.metadata().get("u32s")).containsExactly(0, 4_000_000_000L);
            assertThat((long[]) gguf.metadata().get("i64s")).containsExactly(Long.MAX_VALUE);
            assertThat(gguf.getFloatArray("f32s")).containsExactly(0.5f, -0f);
            assertThat((double[]) gguf.metadata().get("f64s")).containsExactly(1e300);
            assertThat((boolean[]) gguf.metadata().get("bools")).containsExactly(true, false);
            Object[] nested = (Object[]) gguf.metadata().get("nested");
            assertThat((int[]) nested[0]).containsExactly(1, 2);
            assertThat((String[]) nested[1]).containsExactly("x");
            assertThatThrownBy(() -> gguf.getInt("u32")).hasMessageContaining("does not fit in an int");
        }
    }

    @Test
    void round_trips_tensors_with_their_bytes_aligned() throws IOException {
        Path file = dir.resolve("tensors.gguf");
        byte[] q8 = new byte[2 * 34];
        for (int i = 0; i < q8.length; i++) q8[i] = (byte) i;
        byte[] f32 = new byte[3 * 4];
        f32[0] = 1;
        new GgufWriter()
                .alignment(64)
                .putString("general.architecture", "test")
                .addTensor("odd", GgmlType.F32, new long[] {3}, f32)
                .addTensor("q8", GgmlType.Q8_0, new long[] {32, 2}, q8)
                .addTensor("made", GgmlType.F16, new long[] {4, 1, 1, 1}, out -> out.write(new byte[8]))
                .write(file);

        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.alignment()).isEqualTo(64);
            assertThat(gguf.dataOffset() % 64).isZero();
            assertThat(gguf.tensors()).extracting(TensorEntry::name).containsExactly("odd", "q8", "made");
            TensorEntry t = gguf.tensor("q8").orElseThrow();
            assertThat(t.shape()).containsExactly(32, 2);
            assertThat(t.rows()).isEqualTo(2);
            assertThat(t.data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(q8);
            assertThat(gguf.tensor("odd").orElseThrow().data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(f32);
            assertThat(gguf.tensor("made").orElseThrow().shape()).containsExactly(4, 1, 1, 1);
        }
        assertThat(Files.size(file) % 64).isZero();
    }

    @Test
    void copies_tensors_and_metadata_from_another_file() throws IOException {
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile source = GgufFile.open(r1j.testkit.Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_K_M.gguf"))) {
            GgufWriter writer = new GgufWriter();
            for (String key : source.metadata().keySet()) {
                Object value = source.metadata().get(key);
                GgufValueType type = source.valueType(key).orElseThrow();
                if (type == GgufValueType.ARRAY) writer.putArray(key, arrayElementType(source, key, value), value);
                else writer.put(key, type, value);
            }
            for (TensorEntry t : source.tensors()) writer.addTensor(t.name(), t.type(), t.shape(), t.data());
            writer.write(copy);

            try (GgufFile copied = GgufFile.open(copy)) {
                assertThat(copied.metadata().keySet()).containsExactlyElementsOf(source.metadata().keySet());
                assertThat(copied.getStringArray("tokenizer.ggml.tokens")).isEqualTo(source.getStringArray("tokenizer.ggml.tokens"));
                assertThat(copied.valueType("qwen2.block_count")).isEqualTo(source.valueType("qwen2.block_count"));
                assertThat(copied.tensors()).hasSameSizeAs(source.tensors());
                for (TensorEntry t : source.tensors()) {
                    TensorEntry c = copied.tensor(t.name()).orElseThrow();
                    assertThat(c.type()).isEqualTo(t.type());
                    assertThat(c.shape()).isEqualTo(t.shape());
                    assertThat(c.data().mismatch(t.data())).as(t.name()).isEqualTo(-1);
                }
            }
        }
        assertThat(Files.size(copy)).isEqualTo(Files.size(r1j.testkit.Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_K_M.gguf")));
    }

    /** The tiny files' arrays are strings and int32 token types. */
    private static GgufValueType arrayElementType(GgufFile source, String key, Object value) {
        return value instanceof String[] ? GgufValueType.STRING : GgufValueType.INT32;
    }

    @Test
    void rejects_tensor_data_of_the_wrong_size() {
        Path file = dir.resolve("short.gguf");
        assertThatThrownBy(() -> new GgufWriter().addTensor("t", GgmlType.Q8_0, new long[] {32}, new byte[33]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'t'")
                .hasMessageContaining("needs 34 bytes, got 33");
        assertThatThrownBy(() -> new GgufWriter().addTensor("t", GgmlType.F32, new long[] {2}, out -> out.write(1)).write(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tensor 't' wrote 1 bytes, expected 8");
        assertThatThrownBy(() -> new GgufWriter().addTensor("t", GgmlType.Q4_0, new long[] {16}, new byte[9]))
                .hasMessageContaining("not a whole number of blocks of 32");
    }

    @Test
    void rejects_values_that_do_not_fit_their_type() {
        assertThatThrownBy(() -> new GgufWriter().put("k", GgufValueType.UINT8, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'")
                .hasMessageContaining("out of range 0..255");
        assertThatThrownBy(() -> new GgufWriter().putArray("k", GgufValueType.STRING, new int[] {1}))
                .hasMessageContaining("an array of string cannot be given as int[]");
        assertThatThrownBy(() -> new GgufWriter().addTensor("a", GgmlType.F32, new long[] {1}, new byte[4])
                .addTensor("a", GgmlType.F32, new long[] {1}, new byte[4]))
                .hasMessageContaining("duplicate tensor name 'a'");
    }
}
