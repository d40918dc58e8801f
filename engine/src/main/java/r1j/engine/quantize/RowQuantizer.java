package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * Turns float values into one ggml type's blocks (the inverse of {@code r1j.engine.quant.QuantFormat#dequantize}),
 * following ggml's {@code quantize_row_*_ref} algorithms. One implementation per type, see {@link RowQuantizers}.
 *
 * <p>Implementations are stateless and thread-safe: synthesis and quantization call them from many threads.
 */
public interface RowQuantizer {

    GgmlType type();

    /**
     * Quantizes {@code x[xOffset .. xOffset+n)} ({@code n} a whole number of blocks) into exactly
     * {@code type().bytesFor(n)} bytes at {@code out[outOffset ..]}.
     */
    void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset);
}
