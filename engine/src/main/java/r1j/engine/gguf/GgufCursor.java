package r1j.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian GGUF primitives from a mapped file, checking every read against the end of the file.
 *
 * <p>Reads go straight to the mapping through unaligned little-endian {@link ValueLayout}s (no per-byte stream
 * calls), so the 300,000 strings of a vocabulary parse in milliseconds. Every length read from the file is checked
 * against the bytes left before anything is allocated for it.
 */
final class GgufCursor {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment file;
    private final long size;
    private final String fileName;
    private long pos;

    GgufCursor(MemorySegment file, String fileName) {
        this.file = file;
        this.size = file.byteSize();
        this.fileName = fileName;
    }

    long position() {
        return pos;
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - pos;
    }

    /** Fails unless {@code n} more bytes exist; {@code what} says what was being read, for the message. */
    void require(long n, String what) throws GgufFormatException {
        if (n > size - pos) {
            throw error("truncated file: " + what + " needs " + n + " bytes at offset " + pos
                    + " but only " + (size - pos) + " remain");
        }
    }

    /**
     * Fails unless {@code count} values of at least {@code minBytesEach} bytes could fit in what is left of the
     * file. Called before allocating for a declared length, so a corrupt 2^60 fails here rather than in new[].
     */
    void requireCount(long count, int minBytesEach, String what) throws GgufFormatException {
        if (count < 0 || count > (size - pos) / minBytesEach) {
            throw error(what + " declares " + Long.toUnsignedString(count) + " entries at offset " + pos
                    + " but only " + (size - pos) + " bytes remain in the file");
        }
    }

    int u8(String what) throws GgufFormatException {
        require(1, what);
        return Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, pos++));
    }

    int i8(String what) throws GgufFormatException {
        require(1, what);
        return file.get(ValueLayout.JAVA_BYTE, pos++);
    }

    int u16(String what) throws GgufFormatException {
        return Short.toUnsignedInt(i16(what));
    }

    short i16(String what) throws GgufFormatException {
        require(2, what);
        short v = file.get(I16, pos);
        pos += 2;
        return v;
    }

    int i32(String what) throws GgufFormatException {
        require(4, what);
        int v = file.get(I32, pos);
        pos += 4;
        return v;
    }

    long u32(String what) throws GgufFormatException {
        return Integer.toUnsignedLong(i32(what));
    }

    long i64(String what) throws GgufFormatException {
        require(8, what);
        long v = file.get(I64, pos);
        pos += 8;
        return v;
    }

    float f32(String what) throws GgufFormatException {
        require(4, what);
        float v = file.get(F32, pos);
        pos += 4;
        return v;
    }

    double f64(String what) throws GgufFormatException {
        require(8, what);
        double v = file.get(F64, pos);
        pos += 8;
        return v;
    }

    /** A GGUF string: uint64 byte length, then UTF-8 bytes (no terminator). */
    String string(String what) throws GgufFormatException {
        long length = i64(what);
        if (length < 0 || length > size - pos) {
            throw error(what + " declares a length of " + Long.toUnsignedString(length) + " bytes at offset "
                    + (pos - 8) + " but only " + (size - pos) + " bytes remain in the file");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw error(what + " at offset " + (pos - 8) + " is " + length + " bytes long, too long for a string");
        }
        byte[] bytes = new byte[(int) length];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, pos, bytes, 0, bytes.length);
        pos += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Bulk copy of {@code count} little-endian int32 values (the bounds were checked by the caller). */
    int[] i32Array(int count) {
        int[] values = new int[count];
        MemorySegment.copy(file, I32, pos, values, 0, count);
        pos += 4L * count;
        return values;
    }

    long[] i64Array(int count) {
        long[] values = new long[count];
        MemorySegment.copy(file, I64, pos, values, 0, count);
        pos += 8L * count;
        return values;
    }

    float[] f32Array(int count) {
        float[] values = new float[count];
        MemorySegment.copy(file, F32, pos, values, 0, count);
        pos += 4L * count;
        return values;
    }

    double[] f64Array(int count) {
        double[] values = new double[count];
        MemorySegment.copy(file, F64, pos, values, 0, count);
        pos += 8L * count;
        return values;
    }

    void skipTo(long position) {
        pos = position;
    }

    GgufFormatException error(String message) {
        return new GgufFormatException(fileName + ": " + message);
    }
}
