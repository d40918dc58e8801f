package r1j.engine.gguf;

/**
 * The metadata value types of GGUF ({@code enum gguf_type} in gguf.h), numbered as in the file.
 *
 * <p>{@code minEncodedSize} is the fewest bytes one value can take in a file (a string is at least its 8-byte
 * length, an array at least its element type and count). The reader multiplies it by a declared array length to
 * reject impossible lengths before allocating anything.
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    STRING(8, 8),
    ARRAY(9, 4 + 8),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    public final int id;
    public final int minEncodedSize;

    GgufValueType(int id, int minEncodedSize) {
        this.id = id;
        this.minEncodedSize = minEncodedSize;
    }

    /** The type with this id, or null for an id GGUF does not define. */
    public static GgufValueType fromId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
