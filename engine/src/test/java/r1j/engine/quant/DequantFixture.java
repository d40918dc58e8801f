package r1j.engine.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import r1j.engine.tensor.GgmlType;
import r1j.testkit.Fixtures;

/**
 * One file of tiny-qwen2/dequant: the first rows of a tensor of a GGUF file as gguf-py dequantized them.
 *
 * @param values {@code rows * cols} little-endian float32 values, row-major
 */
record DequantFixture(String name, Path model, String tensor, GgmlType type, int rows, int cols, float[] values) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<DequantFixture> all() {
        Path dir = Fixtures.resolve("tiny-qwen2/dequant");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(DequantFixture::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DequantFixture load(Path json) {
        try {
            JsonNode node = JSON.readTree(json.toFile());
            Path dir = json.getParent();
            byte[] raw = Files.readAllBytes(dir.resolve(node.get("file").asText()));
            float[] values = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            int rows = node.get("rows").asInt();
            // tensor_shape_rows_cols is [rows, cols] of the whole tensor; the file holds its first `rows` rows.
            int cols = node.get("tensor_shape_rows_cols").get(1).asInt();
            if (values.length != rows * cols) {
                throw new IllegalStateException(json + ": " + values.length + " floats, expected " + rows + " x " + cols);
            }
            return new DequantFixture(json.getFileName().toString().replace(".json", ""),
                    dir.getParent().resolve(node.get("model").asText()), node.get("tensor").asText(),
                    GgmlType.valueOf(node.get("ggml_type").asText()), rows, cols, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
