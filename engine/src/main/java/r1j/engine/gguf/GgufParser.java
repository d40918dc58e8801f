package r1j.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * Parses the GGUF layout (gguf.cpp {@code gguf_init_from_file_impl}):
 * <pre>
 *   magic "GGUF" | uint32 version | uint64 tensor count | uint64 metadata count
 *   metadata:    string key | uint32 value type | value
 *   tensor info: string name | uint32 n_dims | uint64 dims[n_dims] | uint32 ggml type | uint64 offset
 *   padding to general.alignment (default 32), then the data section; tensor offsets are relative to its start
 * </pre>
 * All integers are little-endian. Strings are a uint64 length plus UTF-8 bytes; arrays are a uint32 element type,
 * a uint64 count and the elements.
 */
final class GgufParser {
    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian int
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    private static final int MAX_DIMS = 4;
    /**
     * Metadata arrays hold vocabularies (about 150,000 to 260,000 entries); a corrupt count that still fits in a large
     * model file could otherwise make us allocate several times the file size (a uint8 becomes an int).
     */
    static final int MAX_ARRAY_LENGTH = 1 << 26;

    record Parsed(int version, Map<String, Object> metadata, Map<String, GgufValueType> types, int alignment,
                  long dataOffset, List<TensorEntry> tensors) {}

    private final GgufCursor in;
    private final MemorySegment file;

    private GgufParser(MemorySegment file, String fileName) {
        this.file = file;
        this.in = new GgufCursor(file, fileName);
    }

    static Parsed parse(MemorySegment file, String fileName) throws GgufFormatException {
        return new GgufParser(file, fileName).parse();
    }

    private Parsed parse() throws GgufFormatException {
        int version = readHeader();
        long tensorCount = in.i64("tensor count");
        long metadataCount = in.i64("metadata count");
        // Smallest tensor info: empty name (8) + n_dims (4) + one dim (8) + type (4) + offset (8).
        in.requireCount(tensorCount, 8 + 4 + 8 + 4 + 8, "header tensor count");
        in.requireCount(metadataCount, 8 + 4 + 1, "header metadata count");

        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, GgufValueType> types = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = in.string("metadata key #" + i);
            GgufValueType type = valueType(in.i32("type of metadata key '" + key + "'"), "metadata key '" + key + "'");
            Object value = readValue(type, "metadata key '" + key + "'");
            if (metadata.putIfAbsent(key, value) != null) {
                throw in.error("duplicate metadata key '" + key + "'");
            }
            types.put(key, type);
        }
        int alignment = alignment(metadata.get(ALIGNMENT_KEY));

        List<TensorInfo> infos = new ArrayList<>(); // not presized: the count is not trusted yet
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            TensorInfo info = readTensorInfo(i, alignment);
            if (!names.add(info.name)) throw in.error("duplicate tensor name '" + info.name + "'");
            infos.add(info);
        }

        long dataOffset = alignUp(in.position(), alignment);
        List<TensorEntry> tensors = new ArrayList<>(infos.size());
        for (TensorInfo info : infos) {
            long bytes = info.type.bytesFor(info.elements);
            long start = dataOffset + info.offset;
            if (info.offset > in.size() || start > in.size() || bytes > in.size() - start) {
                throw in.error("data of tensor '" + info.name + "' (" + info.type + ", " + bytes + " bytes at data offset "
                        + info.offset + ") runs past the end of the file (" + in.size() + " bytes, data section at "
                        + dataOffset + ")");
            }
            tensors.add(new TensorEntry(info.name, info.type, info.shape, file.asSlice(start, bytes)));
        }
        return new Parsed(version, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(types), alignment,
                dataOffset, List.copyOf(tensors));
    }

    private int readHeader() throws GgufFormatException {
        in.require(4, "magic");
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw in.error(String.format("not a GGUF file: the first four bytes are %s, expected \"GGUF\"", describeMagic(magic)));
        }
        int version = in.i32("version");
        if (version == 1) {
            throw in.error("GGUF version 1 is not supported (it predates 64-bit lengths); only versions 2 and 3 are");
        }
        if (version != 2 && version != 3) {
            if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
                throw in.error("big-endian GGUF files are not supported (version field reads " + Integer.reverseBytes(version)
                        + " byte-swapped)");
            }
            throw in.error("unsupported GGUF version " + Integer.toUnsignedString(version) + " (only 2 and 3 are supported)");
        }
        return version;
    }

    private static String describeMagic(int magic) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int b = (magic >>> (8 * i)) & 0xFF;
            sb.append(String.format("%02x", b)).append(i < 3 ? " " : "");
        }
        return sb.toString();
    }

    private GgufValueType valueType(int id, String what) throws GgufFormatException {
        GgufValueType type = GgufValueType.fromId(id);
        if (type == null) {
            throw in.error(what + " has unknown value type " + Integer.toUnsignedString(id)
                    + " at offset " + (in.position() - 4) + " (known: 0..12)");
        }
        return type;
    }

    private Object readValue(GgufValueType type, String what) throws GgufFormatException {
        return switch (type) {
            case UINT8 -> in.u8(what);
            case INT8 -> in.i8(what);
            case UINT16 -> in.u16(what);
            case INT16 -> (int) in.i16(what);
            case UINT32 -> in.u32(what);
            case INT32 -> in.i32(what);
            case FLOAT32 -> in.f32(what);
            case BOOL -> in.i8(what) != 0;
            case STRING -> in.string(what);
            case UINT64, INT64 -> in.i64(what);
            case FLOAT64 -> in.f64(what);
            case ARRAY -> readArray(what);
        };
    }

    private Object readArray(String what) throws GgufFormatException {
        GgufValueType elementType = valueType(in.i32(what + " array element type"), what + " array");
        long count = in.i64(what + " array length");
        in.requireCount(count, elementType.minEncodedSize, what + " array of " + elementType.displayName());
        if (count > MAX_ARRAY_LENGTH) {
            throw in.error(what + " array declares " + count + " elements, more than the " + MAX_ARRAY_LENGTH
                    + " r1j accepts in metadata");
        }
        int n = (int) count;
        return switch (elementType) {
            case UINT8 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) values[i] = in.u8(what);
                yield values;
            }
            case INT8 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) values[i] = in.i8(what);
                yield values;
            }
            case UINT16 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) values[i] = in.u16(what);
                yield values;
            }
            case INT16 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) values[i] = in.i16(what);
                yield values;
            }
            case INT32 -> in.i32Array(n);
            case UINT32 -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) values[i] = in.u32(what);
                yield values;
            }
            case UINT64, INT64 -> in.i64Array(n);
            case FLOAT32 -> in.f32Array(n);
            case FLOAT64 -> in.f64Array(n);
            case BOOL -> {
                boolean[] values = new boolean[n];
                for (int i = 0; i < n; i++) values[i] = in.i8(what) != 0;
                yield values;
            }
            case STRING -> {
                String[] values = new String[n];
                for (int i = 0; i < n; i++) values[i] = in.string(what);
                yield values;
            }
            case ARRAY -> {
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) values[i] = readArray(what);
                yield values;
            }
        };
    }

    private int alignment(Object value) throws GgufFormatException {
        if (value == null) return DEFAULT_ALIGNMENT;
        long alignment;
        if (value instanceof Integer i) alignment = i;
        else if (value instanceof Long l) alignment = l;
        else throw in.error(ALIGNMENT_KEY + " must be an integer, not " + value.getClass().getSimpleName());
        if (alignment <= 0 || alignment > (1 << 30) || Long.bitCount(alignment) != 1) {
            throw in.error(ALIGNMENT_KEY + " is " + alignment + ", not a positive power of two");
        }
        return (int) alignment;
    }

    private record TensorInfo(String name, GgmlType type, long[] shape, long elements, long offset) {}

    private TensorInfo readTensorInfo(long index, int alignment) throws GgufFormatException {
        String name = in.string("name of tensor #" + index);
        String what = "tensor '" + name + "'";
        long nDims = in.u32(what + " n_dims");
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw in.error(what + " has " + nDims + " dimensions (must be 1.." + MAX_DIMS + ")");
        }
        long[] shape = new long[(int) nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dim = in.i64(what + " dimension " + d);
            if (dim <= 0) {
                throw in.error(what + " has dimension " + d + " = " + Long.toUnsignedString(dim) + " (must be positive)");
            }
            shape[d] = dim;
            try {
                elements = Math.multiplyExact(elements, dim);
            } catch (ArithmeticException e) {
                throw in.error(what + " has shape " + Arrays.toString(shape) + " whose element count overflows");
            }
        }
        int typeId = in.i32(what + " type");
        GgmlType type = GgmlType.fromId(typeId);
        if (type == null) {
            throw in.error(what + " has unknown ggml type id " + Integer.toUnsignedString(typeId));
        }
        if (type.blockSize == 0) {
            throw in.error(what + " uses ggml type " + type + " (id " + typeId + "), which was removed from ggml");
        }
        if (shape[0] % type.blockSize != 0) {
            throw in.error(what + " of type " + type + " has rows of " + shape[0] + " values, not a multiple of its block size "
                    + type.blockSize);
        }
        if (elements / type.blockSize > Long.MAX_VALUE / type.typeSize) {
            throw in.error(what + " of type " + type + " with " + elements + " elements is too large");
        }
        long offset = in.i64(what + " data offset");
        if (offset < 0 || offset % alignment != 0) {
            throw in.error(what + " has data offset " + Long.toUnsignedString(offset) + ", not a multiple of the alignment "
                    + alignment);
        }
        return new TensorInfo(name, type, shape, elements, offset);
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
