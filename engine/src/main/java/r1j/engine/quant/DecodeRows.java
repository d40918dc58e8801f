package r1j.engine.quant;

/**
 * The decode kernel of one weight tensor: four of its rows dotted with one input, bit-identical to dequantizing
 * those rows and taking {@code VectorMath.dot} (the {@link RowBlockDot} contract), so a token decodes to the same
 * logits alone or in a batch. {@link DecodeKernels#forTensor} builds one, preparing per-tensor data once where that
 * makes decode cheaper.
 */
@FunctionalInterface
public interface DecodeRows {

    /** {@code out[outOffset + i] = row(row0 + i) . x[xOffset ..]} for {@code i < 4}. */
    void dot4Rows(int row0, float[] x, int xOffset, float[] out, int outOffset);
}
