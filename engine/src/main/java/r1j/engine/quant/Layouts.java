package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian reads of the scalar fields inside quant blocks (ggml blocks are packed, so all unaligned). */
final class Layouts {
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Layouts() {}

    /** An IEEE half (ggml_half) widened exactly, as GGML_FP16_TO_FP32 does. */
    static float fp16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(SHORT_LE, offset));
    }

    static int u8(MemorySegment data, long offset) {
        return Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, offset));
    }

    static int i8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset);
    }

    static int u16(MemorySegment data, long offset) {
        return Short.toUnsignedInt(data.get(SHORT_LE, offset));
    }

    static int i32(MemorySegment data, long offset) {
        return data.get(INT_LE, offset);
    }

    static void checkBlocks(int n, int blockSize, String type) {
        if (n % blockSize != 0 || n < 0) {
            throw new IllegalArgumentException(n + " values are not a whole number of " + type + " blocks of " + blockSize);
        }
    }
}
