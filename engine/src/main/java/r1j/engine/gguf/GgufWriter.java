package r1j.engine.gguf;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import r1j.engine.tensor.GgmlType;

/**
 * Writes GGUF version 3 files: metadata in insertion order, then tensor infos, then the tensor data, each tensor
 * starting on the alignment ({@code general.alignment}, default 32) as ggml requires.
 *
 * <p>Values given to {@link #put(String, Object)} take their GGUF type from their Java type, the inverse of
 * {@link GgufFile}'s mapping where it is unambiguous: Integer int32, Long int64, Float float32, Double float64,
 * Boolean bool, String string, {@code int[]}/{@code long[]}/{@code float[]}/{@code double[]}/{@code boolean[]}/
 * {@code String[]} arrays of those, {@code Object[]} an array of arrays. Other GGUF types (uint8, uint32, ...)
 * are written with {@link #put(String, GgufValueType, Object)} and {@link #putArray}.
 */
public final class GgufWriter {

    /** Writes exactly the tensor's bytes (checked) to {@code out}; for data produced on the fly, e.g. by quantizing. */
    @FunctionalInterface
    public interface TensorData {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Value(GgufValueType type, GgufValueType elementType, Object value) {}

    private record Tensor(String name, GgmlType type, long[] shape, long bytes, TensorData data) {}

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();

    /** Sets {@code general.alignment} (written as uint32); must be a power of two. */
    public GgufWriter alignment(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a positive power of two, not " + alignment);
        }
        return put(GgufParser.ALIGNMENT_KEY, GgufValueType.UINT32, (long) alignment);
    }

    /** A value whose GGUF type follows from its Java type (see the class comment). */
    public GgufWriter put(String key, Object value) {
        return switch (value) {
            case Integer i -> put(key, GgufValueType.INT32, i);
            case Long l -> put(key, GgufValueType.INT64, l);
            case Float f -> put(key, GgufValueType.FLOAT32, f);
            case Double d -> put(key, GgufValueType.FLOAT64, d);
            case Boolean b -> put(key, GgufValueType.BOOL, b);
            case String s -> put(key, GgufValueType.STRING, s);
            case null -> throw new IllegalArgumentException("metadata key '" + key + "' has a null value");
            default -> putArray(key, inferElementType(key, value), value);
        };
    }

    /**
     * A scalar of an explicit type: integer types take any {@link Number} in range (uint64 takes a Long's bits),
     * float types a Number, bool a Boolean, string a String.
     */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        if (type == GgufValueType.ARRAY) {
            throw new IllegalArgumentException("metadata key '" + key + "': use putArray for arrays");
        }
        checkScalar(key, type, value);
        metadata.put(checkKey(key), new Value(type, null, value));
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    /**
     * An array of {@code elementType}: {@code int[]} for the 8/16/32-bit integer types, {@code long[]} for uint32 and
     * the 64-bit ones, {@code float[]}, {@code double[]}, {@code boolean[]}, {@code String[]}, or {@code Object[]}
     * of arrays for {@link GgufValueType#ARRAY} (each inner array's type inferred as in {@link #put(String, Object)}).
     */
    public GgufWriter putArray(String key, GgufValueType elementType, Object array) {
        checkArray(key, elementType, array);
        metadata.put(checkKey(key), new Value(GgufValueType.ARRAY, elementType, array));
        return this;
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] shape, byte[] data) {
        byte[] copy = data.clone();
        return addTensor(name, type, shape, copy.length, out -> out.write(copy));
    }

    /** Copies the tensor's bytes from a segment (e.g. another file's mapping). */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        return addTensor(name, type, shape, data.byteSize(), out -> {
            byte[] buffer = new byte[1 << 16];
            for (long pos = 0; pos < data.byteSize(); pos += buffer.length) {
                int n = (int) Math.min(buffer.length, data.byteSize() - pos);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, pos, buffer, 0, n);
                out.write(buffer, 0, n);
            }
        });
    }

    /** A tensor whose bytes are produced when the file is written; {@code data} must write exactly its size. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorData data) {
        return addTensor(name, type, shape, -1, data);
    }

    private GgufWriter addTensor(String name, GgmlType type, long[] shape, long givenBytes, TensorData data) {
        if (!tensorNames.add(name)) throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        if (shape.length < 1 || shape.length > 4) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + shape.length + " dimensions (must be 1..4)");
        }
        long elements = 1;
        for (long dim : shape) {
            if (dim <= 0) throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape));
            elements = Math.multiplyExact(elements, dim);
        }
        if (type.blockSize == 0 || shape[0] % type.blockSize != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' of type " + type + " has rows of " + shape[0]
                    + " values, not a whole number of blocks of " + type.blockSize);
        }
        long bytes = type.bytesFor(elements);
        if (givenBytes >= 0 && givenBytes != bytes) {
            throw new IllegalArgumentException("tensor '" + name + "' (" + type + " " + Arrays.toString(shape) + ") needs "
                    + bytes + " bytes, got " + givenBytes);
        }
        tensors.add(new Tensor(name, type, shape.clone(), bytes, data));
        return this;
    }

    /** Writes the file (replacing it). */
    /**
     * Writes to {@code path}.part, then moves it over {@code path} in one step: a reader never sees a half-written
     * model, and a failed or interrupted write leaves no partial file behind.
     */
    public void writeAtomically(Path path) throws IOException {
        Path partial = path.toAbsolutePath().resolveSibling(path.getFileName() + ".part");
        try {
            write(partial);
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    public void write(Path path) throws IOException {
        int alignment = alignmentValue();
        try (CountingOutput out = new CountingOutput(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16))) {
            out.i32(GgufParser.MAGIC);
            out.i32(3);
            out.i64(tensors.size());
            out.i64(metadata.size());
            for (Map.Entry<String, Value> e : metadata.entrySet()) {
                out.string(e.getKey());
                Value v = e.getValue();
                out.i32(v.type().id);
                if (v.type() == GgufValueType.ARRAY) writeArray(out, v.elementType(), v.value());
                else writeScalar(out, v.type(), v.value());
            }
            long offset = 0;
            for (Tensor t : tensors) {
                out.string(t.name());
                out.i32(t.shape().length);
                for (long dim : t.shape()) out.i64(dim);
                out.i32(t.type().id);
                out.i64(offset);
                offset = GgufParser.alignUp(offset + t.bytes(), alignment);
            }
            out.pad(alignment);
            for (Tensor t : tensors) {
                long start = out.count();
                t.data().writeTo(out);
                long written = out.count() - start;
                if (written != t.bytes()) {
                    throw new IOException("tensor '" + t.name() + "' wrote " + written + " bytes, expected " + t.bytes()
                            + " for " + t.type() + " " + Arrays.toString(t.shape()));
                }
                out.pad(alignment);
            }
        }
    }

    private int alignmentValue() {
        Value v = metadata.get(GgufParser.ALIGNMENT_KEY);
        if (v == null) return GgufParser.DEFAULT_ALIGNMENT;
        long alignment = ((Number) v.value()).longValue();
        if (alignment <= 0 || alignment > (1 << 30) || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException(GgufParser.ALIGNMENT_KEY + " is " + alignment + ", not a positive power of two");
        }
        return (int) alignment;
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("metadata key must not be empty");
        return key;
    }

    private static GgufValueType inferElementType(String key, Object array) {
        return switch (array) {
            case int[] ignored -> GgufValueType.INT32;
            case long[] ignored -> GgufValueType.INT64;
            case float[] ignored -> GgufValueType.FLOAT32;
            case double[] ignored -> GgufValueType.FLOAT64;
            case boolean[] ignored -> GgufValueType.BOOL;
            case String[] ignored -> GgufValueType.STRING;
            case Object[] ignored -> GgufValueType.ARRAY;
            default -> throw new IllegalArgumentException("metadata key '" + key + "': cannot store a "
                    + array.getClass().getSimpleName() + " in GGUF");
        };
    }

    private static void checkScalar(String key, GgufValueType type, Object value) {
        String problem = switch (type) {
            case UINT8 -> integerRange(value, 0, 0xFF);
            case INT8 -> integerRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT16 -> integerRange(value, 0, 0xFFFF);
            case INT16 -> integerRange(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT32 -> integerRange(value, 0, 0xFFFF_FFFFL);
            case INT32 -> integerRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT64, INT64 -> value instanceof Integer || value instanceof Long ? null : "needs an Integer or Long";
            case FLOAT32, FLOAT64 -> value instanceof Number ? null : "needs a Number";
            case BOOL -> value instanceof Boolean ? null : "needs a Boolean";
            case STRING -> value instanceof String ? null : "needs a String";
            case ARRAY -> "is an array";
        };
        if (problem != null) {
            throw new IllegalArgumentException("metadata key '" + key + "' of type " + type.displayName() + ": " + problem
                    + " (got " + value + ")");
        }
    }

    private static String integerRange(Object value, long min, long max) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
            return "needs an integer";
        }
        long v = ((Number) value).longValue();
        return v < min || v > max ? "out of range " + min + ".." + max : null;
    }

    private static void checkArray(String key, GgufValueType elementType, Object array) {
        boolean ok = switch (elementType) {
            case UINT8, INT8, UINT16, INT16, INT32 -> array instanceof int[];
            case UINT32, UINT64, INT64 -> array instanceof long[];
            case FLOAT32 -> array instanceof float[];
            case FLOAT64 -> array instanceof double[];
            case BOOL -> array instanceof boolean[];
            case STRING -> array instanceof String[];
            case ARRAY -> array instanceof Object[];
        };
        if (!ok) {
            throw new IllegalArgumentException("metadata key '" + key + "': an array of " + elementType.displayName()
                    + " cannot be given as " + (array == null ? "null" : array.getClass().getSimpleName()));
        }
        switch (array) {
            case int[] values -> {
                for (int v : values) checkScalar(key, elementType, v);
            }
            case long[] values when elementType == GgufValueType.UINT32 -> {
                for (long v : values) checkScalar(key, elementType, v);
            }
            case Object[] values when elementType == GgufValueType.ARRAY -> {
                for (Object inner : values) checkArray(key, inferElementType(key, inner), inner);
            }
            default -> {}
        }
    }

    private static void writeScalar(CountingOutput out, GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8, BOOL -> out.write(value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).intValue());
            case UINT16, INT16 -> out.i16(((Number) value).intValue());
            case UINT32, INT32 -> out.i32(((Number) value).intValue());
            case UINT64, INT64 -> out.i64(((Number) value).longValue());
            case FLOAT32 -> out.i32(Float.floatToRawIntBits(((Number) value).floatValue()));
            case FLOAT64 -> out.i64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
            case STRING -> out.string((String) value);
            case ARRAY -> throw new IllegalStateException("arrays are written by writeArray");
        }
    }

    private static void writeArray(CountingOutput out, GgufValueType elementType, Object array) throws IOException {
        out.i32(elementType.id);
        switch (array) {
            case int[] values -> {
                out.i64(values.length);
                for (int v : values) writeScalar(out, elementType, v);
            }
            case long[] values -> {
                out.i64(values.length);
                for (long v : values) writeScalar(out, elementType, v);
            }
            case float[] values -> {
                out.i64(values.length);
                for (float v : values) out.i32(Float.floatToRawIntBits(v));
            }
            case double[] values -> {
                out.i64(values.length);
                for (double v : values) out.i64(Double.doubleToRawLongBits(v));
            }
            case boolean[] values -> {
                out.i64(values.length);
                for (boolean v : values) out.write(v ? 1 : 0);
            }
            case String[] values -> {
                out.i64(values.length);
                for (String v : values) out.string(v);
            }
            case Object[] values -> {
                out.i64(values.length);
                for (Object inner : values) writeArray(out, inferElementType("", inner), inner);
            }
            default -> throw new IllegalStateException("unexpected array " + array.getClass());
        }
    }

    /** Little-endian primitives over a stream that counts what it wrote (for offsets and padding). */
    private static final class CountingOutput extends FilterOutputStream {
        private long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void i16(int v) throws IOException {
            write(v);
            write(v >>> 8);
        }

        void i32(int v) throws IOException {
            i16(v);
            i16(v >>> 16);
        }

        void i64(long v) throws IOException {
            i32((int) v);
            i32((int) (v >>> 32));
        }

        void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            i64(bytes.length);
            write(bytes, 0, bytes.length);
        }

        void pad(int alignment) throws IOException {
            while (count % alignment != 0) write(0);
        }
    }
}
