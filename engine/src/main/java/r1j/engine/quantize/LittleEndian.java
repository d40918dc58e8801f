package r1j.engine.quantize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian stores into byte arrays (GGUF block fields), and ggml's fp16 rounding. */
final class LittleEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    /** Stores {@code value} as IEEE half precision, rounded to nearest even (as GGML_FP32_TO_FP16 with F16C). */
    static void putHalf(byte[] out, int offset, float value) {
        SHORT.set(out, offset, Float.floatToFloat16(value));
    }

    static void putInt(byte[] out, int offset, int value) {
        INT.set(out, offset, value);
    }

    static void putFloat(byte[] out, int offset, float value) {
        INT.set(out, offset, Float.floatToRawIntBits(value));
    }

    /** The value {@link #putHalf} stores, read back as a float (quantizers scale with the rounded value). */
    static float roundToHalf(float value) {
        return Float.float16ToFloat(Float.floatToFloat16(value));
    }

    /** ggml's {@code nearest_int}: round half to even, for the small magnitudes quantizers use. */
    static int nearestInt(float value) {
        return (int) Math.rint(value);
    }
}
