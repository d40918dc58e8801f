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

    /** Rows {@code i < 4} start at {@code byteOffset + i * rowBytes}. */
    void dot4Rows(MemorySegment data, long byteOffset, long rowBytes, float[] x, int xOffset, int n, float[] out, int outOffset);
}
