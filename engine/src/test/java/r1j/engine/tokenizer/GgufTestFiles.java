package r1j.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes small GGUF v3 files with metadata only (no tensors) for tests of bad input. Values: String, Boolean,
 * Integer (uint32), String[] and int[] (int32 arrays).
 */
final class GgufTestFiles {
    private GgufTestFiles() {}

    static Path write(Path file, Map<String, Object> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        u32(out, 3);
        u64(out, 0); // tensors
        u64(out, metadata.size());
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            string(out, e.getKey());
            switch (e.getValue()) {
                case String s -> {
                    u32(out, 8);
                    string(out, s);
                }
                case Boolean b -> {
                    u32(out, 7);
                    out.write(b ? 1 : 0);
                }
                case Integer i -> {
                    u32(out, 4);
                    u32(out, i);
                }
                case String[] strings -> {
                    u32(out, 9);
                    u32(out, 8);
                    u64(out, strings.length);
                    for (String s : strings) string(out, s);
                }
                case int[] ints -> {
                    u32(out, 9);
                    u32(out, 5);
                    u64(out, ints.length);
                    for (int i : ints) u32(out, i);
                }
                default -> throw new IllegalArgumentException("unsupported test value " + e.getValue());
            }
        }
        while (out.size() % 32 != 0) out.write(0);
        return Files.write(file, out.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(out, b.length);
        out.writeBytes(b);
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void u64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}
