package r1j.engine.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small safetensors files for tests: well-formed ones from tensors, and raw ones with any header. */
public final class SafetensorsTestFiles {

    /** One tensor as Hugging Face writes it: dtype string, shape slowest dimension first, raw bytes. */
    public record HfTensor(String name, String dtype, long[] shape, byte[] data) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsTestFiles() {}

    public static void write(Path file, List<HfTensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (HfTensor t : tensors) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype());
            var shape = entry.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + t.data().length);
            offset += t.data().length;
        }
        byte[] data = new byte[Math.toIntExact(offset)];
        int at = 0;
        for (HfTensor t : tensors) {
            System.arraycopy(t.data(), 0, data, at, t.data().length);
            at += t.data().length;
        }
        writeRaw(file, JSON.writeValueAsString(header), data);
    }

    /** Header length (from the JSON text), header, data: exactly as given, so tests can craft broken files. */
    public static void writeRaw(Path file, String headerJson, byte[] data) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        writeRaw(file, header.length, header, data);
    }

    public static void writeRaw(Path file, long declaredHeaderLength, byte[] header, byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(declaredHeaderLength).put(header).put(data);
        Files.write(file, buf.array());
    }
}
