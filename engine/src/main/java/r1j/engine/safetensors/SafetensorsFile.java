package r1j.engine.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * One memory-mapped {@code .safetensors} file, its tensors sliced out of the mapping as {@link TensorEntry}s.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON mapping each
 * tensor name to {@code {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the first byte after the
 * header), then the raw little-endian tensor data. The optional {@code __metadata__} entry is free-form text and
 * is ignored.
 *
 * <p>Shapes are turned into ggml order here: Hugging Face writes {@code [rows, cols]} (slowest dimension first),
 * ggml {@code [cols, rows]}; the bytes are the same row-major layout either way.
 *
 * <p>The whole file is mapped once with a shared arena (so slices may be read from any thread and files beyond
 * 2 GiB work); {@link #close()} unmaps it, after which no entry of this file may be touched.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The tensor dtypes r1j loads, as safetensors spells them. */
    public static final List<String> DTYPES = List.of("BF16", "F16", "F32");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ValueLayout.OfLong U64_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER_LENGTH_BYTES = 8;
    /** The reference implementation refuses headers above 100 MB; a bigger one means a corrupt length field. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final String METADATA_KEY = "__metadata__";

    private final Path path;
    private final Arena arena;
    private final Map<String, TensorEntry> tensors;

    private SafetensorsFile(Path path, Arena arena, Map<String, TensorEntry> tensors) {
        this.path = path;
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Maps {@code path} and reads its header; every tensor is checked against the file before this returns. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment file;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size < HEADER_LENGTH_BYTES) {
                    throw new SafetensorsFormatException(path, "file is " + size
                            + " bytes, too short for the 8-byte header length (truncated or not a safetensors file)");
                }
                file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            Map<String, TensorEntry> tensors = readTensors(path, file);
            return new SafetensorsFile(path, arena, tensors);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Map<String, TensorEntry> readTensors(Path path, MemorySegment file) throws IOException {
        long size = file.byteSize();
        long headerLength = file.get(U64_LE, 0);
        // Unsigned compare: a corrupt length with the top bit set must not pass as negative.
        if (Long.compareUnsigned(headerLength, size - HEADER_LENGTH_BYTES) > 0) {
            throw new SafetensorsFormatException(path, "header length " + Long.toUnsignedString(headerLength)
                    + " goes beyond the end of the file (" + size + " bytes); truncated or not a safetensors file");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(path, "header length " + headerLength
                    + " is larger than the 100 MB safetensors allows");
        }
        JsonNode header;
        try {
            byte[] headerBytes = file.asSlice(HEADER_LENGTH_BYTES, headerLength).toArray(ValueLayout.JAVA_BYTE);
            header = JSON.readTree(headerBytes);
        } catch (JacksonException e) {
            throw new SafetensorsFormatException(path, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new SafetensorsFormatException(path, "header is not a JSON object");
        }

        long dataStart = HEADER_LENGTH_BYTES + headerLength;
        long dataSize = size - dataStart;
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            String name = field.getKey();
            if (name.equals(METADATA_KEY)) continue;
            TensorHeader tensor = TensorHeader.parse(path, name, field.getValue());
            if (tensor.end() > dataSize) {
                throw new SafetensorsFormatException(path, "tensor " + name + ": data_offsets [" + tensor.begin()
                        + ", " + tensor.end() + "] go beyond the data section of " + dataSize
                        + " bytes (file truncated?)");
            }
            MemorySegment data = file.asSlice(dataStart + tensor.begin(), tensor.end() - tensor.begin());
            tensors.put(name, new TensorEntry(name, tensor.type(), tensor.ggmlShape(), data));
        }
        return tensors;
    }

    public Path path() {
        return path;
    }

    /** All tensors under their names in this file, in header order. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    public Optional<TensorEntry> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** Unmaps the file. Entries handed out before must not be read afterwards (they would throw). */
    @Override
    public void close() {
        arena.close();
    }

    /** One header entry, checked for internal consistency (dtype known, offsets ordered, size = dtype x shape). */
    private record TensorHeader(GgmlType type, long[] ggmlShape, long begin, long end) {

        static TensorHeader parse(Path path, String name, JsonNode node) throws SafetensorsFormatException {
            if (!node.isObject()) {
                throw new SafetensorsFormatException(path, "tensor " + name + ": header entry is not an object");
            }
            String dtype = text(path, name, node, "dtype");
            GgmlType type = switch (dtype) {
                case "BF16" -> GgmlType.BF16;
                case "F16" -> GgmlType.F16;
                case "F32" -> GgmlType.F32;
                case "I32" -> GgmlType.I32;       // AWQ's packed qweight and qzeros (see model.AwqRepack)
                default -> throw new SafetensorsFormatException(path, "tensor " + name + " has dtype " + dtype
                        + "; only " + String.join(", ", DTYPES) + " (and AWQ's I32) tensors can be loaded");
            };
            long[] hfShape = longs(path, name, node, "shape");
            long[] offsets = longs(path, name, node, "data_offsets");
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw new SafetensorsFormatException(path, "tensor " + name
                        + ": data_offsets must be [begin, end] with begin <= end, got " + node.get("data_offsets"));
            }
            long elements = 1;
            try {
                for (long d : hfShape) elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw new SafetensorsFormatException(path, "tensor " + name + ": shape " + node.get("shape")
                        + " overflows");
            }
            long expected = type.bytesFor(elements);
            if (offsets[1] - offsets[0] != expected) {
                throw new SafetensorsFormatException(path, "tensor " + name + ": data_offsets " + node.get("data_offsets")
                        + " span " + (offsets[1] - offsets[0]) + " bytes but " + dtype + " " + node.get("shape")
                        + " needs " + expected);
            }
            return new TensorHeader(type, toGgmlOrder(hfShape), offsets[0], offsets[1]);
        }

        /** HF lists the slowest dimension first, ggml the fastest; a scalar becomes a one-element vector. */
        private static long[] toGgmlOrder(long[] hfShape) {
            if (hfShape.length == 0) return new long[] {1};
            long[] ggml = new long[hfShape.length];
            for (int i = 0; i < hfShape.length; i++) ggml[i] = hfShape[hfShape.length - 1 - i];
            return ggml;
        }

        private static String text(Path path, String name, JsonNode node, String key) throws SafetensorsFormatException {
            JsonNode value = node.get(key);
            if (value == null || !value.isTextual()) {
                throw new SafetensorsFormatException(path, "tensor " + name + ": \"" + key + "\" missing or not a string");
            }
            return value.asText();
        }

        private static long[] longs(Path path, String name, JsonNode node, String key) throws SafetensorsFormatException {
            JsonNode value = node.get(key);
            if (value == null || !value.isArray()) {
                throw new SafetensorsFormatException(path, "tensor " + name + ": \"" + key + "\" missing or not an array");
            }
            long[] result = new long[value.size()];
            for (int i = 0; i < result.length; i++) {
                JsonNode item = value.get(i);
                if (!item.canConvertToLong() || !item.isIntegralNumber() || item.asLong() < 0) {
                    throw new SafetensorsFormatException(path, "tensor " + name + ": \"" + key
                            + "\" must hold non-negative integers, got " + value);
                }
                result[i] = item.asLong();
            }
            return result;
        }
    }
}
