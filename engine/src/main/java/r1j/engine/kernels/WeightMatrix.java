package r1j.engine.kernels;

import java.lang.foreign.MemorySegment;
import r1j.engine.quant.QuantFormat;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.TensorEntry;

/**
 * A 2-D weight tensor used as {@code out = W x}: {@code rows} outputs, each the dot of one stored row with the
 * input. The bytes stay in the memory-mapped file; only the per-type {@link QuantFormat} reads them.
 */
public final class WeightMatrix {
    private final TensorEntry tensor;
    private final QuantFormat format;
    private final int rows;
    private final int cols;
    private final long rowBytes;
    private final MemorySegment data;
    /** Per-thread scratch for one dequantized row, used when one row meets many inputs (prefill). */
    private final ThreadLocal<float[]> rowScratch;

    public WeightMatrix(TensorEntry tensor) {
        if (tensor.shape().length != 2) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " is not 2-D: " + tensor);
        }
        this.tensor = tensor;
        this.format = QuantFormats.forTensor(tensor);
        this.cols = tensor.rowLength();
        this.rows = tensor.rows();
        this.rowBytes = tensor.type().bytesFor(cols);
        this.data = tensor.data();
        this.rowScratch = ThreadLocal.withInitial(() -> new float[cols]);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public TensorEntry tensor() {
        return tensor;
    }

    /** Dequantizes row {@code row} into {@code out[outOff .. outOff+cols)}. */
    public void dequantizeRow(int row, float[] out, int outOff) {
        format.dequantize(data, row * rowBytes, out, outOff, cols);
    }

    /**
     * {@code out[b*rows + r] = sum_c W[r][c] * in[b*cols + c]} for {@code b < batch}; rows split across the pool.
     *
     * <p>Batch-invariant by contract: the arithmetic of {@code out[b][r]} depends only on row {@code r} and input
     * {@code b}, never on the batch size or the other inputs, so a sequence decodes to the same tokens alone or in a
     * continuous batch. Each row is dequantized once into per-thread scratch and met with every input (prefill is
     * matrix-matrix work); a fused single-input kernel would compute in a different order and break the contract.
     */
    public void matmul(ComputePool pool, float[] in, float[] out, int batch) {
        pool.parallelFor(rows, batch == 1 ? 16 : 4, (from, to) -> {
            float[] row = rowScratch.get();
            for (int r = from; r < to; r++) {
                format.dequantize(data, r * rowBytes, row, 0, cols);
                for (int b = 0; b < batch; b++) {
                    out[b * rows + r] = VectorMath.dot(row, 0, in, b * cols, cols);
                }
            }
        });
    }
}
