package r1j.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * The decode kernel of a quantized type: four stored rows dotted with one input, dequantizing in registers instead of
 * through a scratch panel.
 *
 * <p>Contract (what keeps the matmul batch-invariant): {@code out[outOffset + i]} is bit-identical to dequantizing
 * row {@code i} with {@link QuantFormat#dequantize} and then taking {@code r1j.engine.kernels.VectorMath.dot} with
 * {@code x}: the same dequantized lanes, met with one accumulator per row by FMAs in ascending value order, then one
 * lane reduction. A sequence therefore computes the same logits whether its token is decoded alone (this kernel) or
 * in a batch (the panel kernel).
 *
 * <p>Only implemented where vectors are on ({@link VectorSupport#ENABLED}); {@code n} is a whole number of blocks.
 */
public interface RowBlockDot {
    int ROWS = 4;

    /** One row at {@code byteOffset}, with the arithmetic of the contract. */
    float rowDot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n);

    /**
     * Rows {@code i < 4} start at {@code byteOffset + i * rowBytes}. By default one {@link #rowDot} per row: only a
     * float crosses each call, so nothing is boxed even where the JIT does not inline it (a kernel interleaving four
     * rows in one method grew past the JIT's inlining budget, and the vector operations left as calls boxed every
     * vector).
     */
    default void dot4Rows(MemorySegment data, long byteOffset, long rowBytes, float[] x, int xOffset, int n, float[] out,
            int outOffset) {
        for (int i = 0; i < ROWS; i++) out[outOffset + i] = rowDot(data, byteOffset + i * rowBytes, x, xOffset, n);
    }
}
