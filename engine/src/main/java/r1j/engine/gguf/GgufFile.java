package r1j.engine.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import r1j.engine.tensor.TensorEntry;

/**
 * A GGUF file (version 2 or 3), memory-mapped read-only: its metadata and its tensors as slices of the mapping.
 *
 * <p>Metadata values are boxed as follows: uint8, int8, uint16, int16, int32 as {@link Integer}; uint32, int64,
 * uint64 as {@link Long} (uint64 keeps its bits); float32 as {@link Float}; float64 as {@link Double}; bool as
 * {@link Boolean}; string as {@link String}. Arrays become {@code String[]}, {@code int[]} (8/16/32-bit integers),
 * {@code long[]} (uint32 and 64-bit integers), {@code float[]}, {@code double[]}, {@code boolean[]}, or
 * {@code Object[]} for an array of arrays.
 *
 * <p>One shared {@link Arena} owns the mapping, so files larger than 2 GiB work and tensor data may be read from
 * any thread. {@link #close()} unmaps it: tensor segments must not be used afterwards.
 */
public final class GgufFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final GgufParser.Parsed parsed;
    private final Map<String, TensorEntry> tensorsByName;

    private GgufFile(Path path, Arena arena, GgufParser.Parsed parsed) {
        this.path = path;
        this.arena = arena;
        this.parsed = parsed;
        Map<String, TensorEntry> byName = new HashMap<>();
        for (TensorEntry t : parsed.tensors()) byName.put(t.name(), t);
        this.tensorsByName = byName;
    }

    /** Maps and parses {@code path}; a file that is not valid GGUF fails with a {@link GgufFormatException}. */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, GgufParser.parse(mapping, path.toString()));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return parsed.version();
    }

    /** {@code general.alignment}, or the default 32: tensor data offsets are multiples of it. */
    public int alignment() {
        return parsed.alignment();
    }

    /** Absolute file offset of the (aligned) tensor data section. */
    public long dataOffset() {
        return parsed.dataOffset();
    }

    /** All metadata, unmodifiable, in file order. */
    public Map<String, Object> metadata() {
        return parsed.metadata();
    }

    /** The GGUF type a key was stored with (e.g. to tell uint32 from int64, which both read as Long). */
    public Optional<GgufValueType> valueType(String key) {
        return Optional.ofNullable(parsed.types().get(key));
    }

    public boolean has(String key) {
        return parsed.metadata().containsKey(key);
    }

    public Optional<Object> find(String key) {
        return Optional.ofNullable(parsed.metadata().get(key));
    }

    public String getString(String key) throws GgufFormatException {
        return required(key, String.class, "a string");
    }

    /** Any integer type whose value fits in an int. */
    public int getInt(String key) throws GgufFormatException {
        long value = getLong(key);
        if (value != (int) value) {
            throw wrong(key, "an int", "the value " + value + ", which does not fit in an int");
        }
        return (int) value;
    }

    /** Any integer type (a uint64 above 2^63-1 keeps its bits and reads negative). */
    public long getLong(String key) throws GgufFormatException {
        Object value = require(key);
        if (value instanceof Integer i) return i;
        if (value instanceof Long l) return l;
        throw wrong(key, "an integer", describe(key));
    }

    /** float32, float64 (rounded to float) or an integer. */
    public float getFloat(String key) throws GgufFormatException {
        Object value = require(key);
        if (value instanceof Float f) return f;
        if (value instanceof Double d) return d.floatValue();
        if (value instanceof Integer i) return i;
        if (value instanceof Long l) return l;
        throw wrong(key, "a number", describe(key));
    }

    public boolean getBoolean(String key) throws GgufFormatException {
        return required(key, Boolean.class, "a bool");
    }

    public String[] getStringArray(String key) throws GgufFormatException {
        return required(key, String[].class, "an array of strings").clone();
    }

    /** An array of any integer type whose values all fit in an int. */
    public int[] getIntArray(String key) throws GgufFormatException {
        Object value = require(key);
        if (value instanceof int[] ints) return ints.clone();
        if (value instanceof long[] longs) {
            int[] ints = new int[longs.length];
            for (int i = 0; i < longs.length; i++) {
                if (longs[i] != (int) longs[i]) {
                    throw wrong(key, "an array of ints", "element " + i + " = " + longs[i] + ", which does not fit in an int");
                }
                ints[i] = (int) longs[i];
            }
            return ints;
        }
        throw wrong(key, "an array of integers", describe(key));
    }

    /** An array of float32, float64 (rounded) or integers. */
    public float[] getFloatArray(String key) throws GgufFormatException {
        Object value = require(key);
        if (value instanceof float[] floats) return floats.clone();
        float[] out;
        if (value instanceof double[] doubles) {
            out = new float[doubles.length];
            for (int i = 0; i < out.length; i++) out[i] = (float) doubles[i];
        } else if (value instanceof int[] ints) {
            out = new float[ints.length];
            for (int i = 0; i < out.length; i++) out[i] = ints[i];
        } else if (value instanceof long[] longs) {
            out = new float[longs.length];
            for (int i = 0; i < out.length; i++) out[i] = longs[i];
        } else {
            throw wrong(key, "an array of numbers", describe(key));
        }
        return out;
    }

    /** All tensors, in file order. */
    public List<TensorEntry> tensors() {
        return parsed.tensors();
    }

    public Optional<TensorEntry> tensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /** Unmaps the file. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().size() + " keys, " + tensors().size() + " tensors]";
    }

    private Object require(String key) throws GgufFormatException {
        Object value = parsed.metadata().get(key);
        if (value == null) throw new GgufFormatException(path + ": metadata key '" + key + "' is missing");
        return value;
    }

    private <T> T required(String key, Class<T> type, String expected) throws GgufFormatException {
        Object value = require(key);
        if (!type.isInstance(value)) throw wrong(key, expected, describe(key));
        return type.cast(value);
    }

    private String describe(String key) {
        GgufValueType type = parsed.types().get(key);
        Object value = parsed.metadata().get(key);
        String kind = type == GgufValueType.ARRAY
                ? "an array (" + value.getClass().getComponentType().getSimpleName() + "[])"
                : "a " + type.displayName();
        return kind;
    }

    private GgufFormatException wrong(String key, String expected, String actual) {
        return new GgufFormatException(path + ": metadata key '" + key + "' should be " + expected + " but is " + actual);
    }
}
