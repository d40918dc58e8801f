package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * How one ggml type stores values: one implementation per type (see {@link QuantFormats}).
 *
 * <p>All offsets are in bytes into {@code data}; {@code n} is a count of values and always a whole number of
 * blocks. Implementations are stateless and thread-safe: the matmul calls them from many threads at once.
 */
public interface QuantFormat {

    GgmlType type();

    /** Writes {@code n} dequantized values, bit-identical to ggml's {@code dequantize_row_*}. */
    void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n);

    /**
     * The dot product of {@code n} stored values with {@code x[xOffset .. xOffset+n)}, accumulated in float32.
     * Must equal (within float rounding) {@code dequantize} followed by a float dot product.
     * Uses the Vector API where the type has a vector kernel and {@link VectorSupport#ENABLED}.
     */
    float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n);

    /** The plain scalar loop {@link #dot} falls back to when vectors are off; tests compare the two. */
    float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n);
}
