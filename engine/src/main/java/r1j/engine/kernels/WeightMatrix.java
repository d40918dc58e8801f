package r1j.engine.kernels;

import java.lang.foreign.MemorySegment;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.nativekernels.KernelSelector;
import r1j.engine.nativekernels.NativeMatrix;
import r1j.engine.quant.QuantFormat;
import r1j.engine.quant.DecodeKernels;
import r1j.engine.quant.DecodeRows;
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
    /** The tensor's fused decode kernel, or null when its type has none (or vectors are off): decode uses the panel. */
    private final DecodeRows decodeKernel;
    /** Rows dequantized together and inputs met together by the register-blocked kernel. */
    private static final int ROW_BLOCK = 4;
    private static final int INPUT_BLOCK = 6;

    /** Per-thread scratch for {@link #ROW_BLOCK} dequantized rows, reused for every input of the batch. */
    private final ThreadLocal<float[]> panelScratch;

    /** The native kernels' repacked copy when they serve this tensor, else null (the Java kernels run). */
    private final NativeMatrix nativeMatrix;

    /** A matrix on the Java kernels. */
    public WeightMatrix(TensorEntry tensor) {
        this(tensor, KernelChoice.JAVA_REQUESTED);
    }

    /** A matrix on the native kernels of {@code kernels} when they serve its type, else on the Java kernels. */
    public WeightMatrix(TensorEntry tensor, KernelChoice kernels) {
        if (tensor.shape().length != 2) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " is not 2-D: " + tensor);
        }
        this.tensor = tensor;
        this.format = QuantFormats.forTensor(tensor);
        this.cols = tensor.rowLength();
        this.rows = tensor.rows();
        this.rowBytes = tensor.type().bytesFor(cols);
        this.data = tensor.data();
        this.panelScratch = ThreadLocal.withInitial(() -> new float[ROW_BLOCK * cols]);
        this.nativeMatrix = kernels.isNative() && KernelSelector.serves(tensor) ? new NativeMatrix(tensor, kernels) : null;
        // Not for a native matrix: the Java decode kernel of Q6_K keeps its own repacked copy (+0.55 GB on a 1.5B
        // Q4_K_M model) that would then never be read.
        this.decodeKernel = nativeMatrix == null ? DecodeKernels.forTensor(tensor) : null;
    }

    /** Whether {@link #matmul} runs the native kernels. */
    public boolean isNative() {
        return nativeMatrix != null;
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
     * matrix-matrix work); {@link DotKernels} then meets 4 rows with up to 6 inputs at a time, each pair with the same
     * arithmetic as {@link VectorMath#dot}. A single input (decode) skips the panel for whole 4-row blocks where the
     * type has a {@link DecodeRows} kernel, which dequantizes in registers with the same arithmetic.
     */
    public void matmul(ComputePool pool, float[] in, float[] out, int batch) {
        if (nativeMatrix != null) {
            nativeMatmul(pool, in, out, batch);
            return;
        }
        boolean fused = batch == 1 && decodeKernel != null;
        int rowBlocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        pool.parallelFor(rowBlocks, batch == 1 ? 4 : 1, (from, to) -> {
            float[] panel = panelScratch.get();
            for (int blockIndex = from; blockIndex < to; blockIndex++) {
                int r0 = blockIndex * ROW_BLOCK;
                int count = Math.min(ROW_BLOCK, rows - r0);
                if (fused && count == ROW_BLOCK) {
                    decodeKernel.dot4Rows(r0, in, 0, out, r0);
                    continue;
                }
                for (int i = 0; i < count; i++) {
                    format.dequantize(data, (r0 + i) * rowBytes, panel, i * cols, cols);
                }
                for (int t0 = 0; t0 < batch; t0 += INPUT_BLOCK) {
                    DotKernels.block(panel, count, in, t0, Math.min(INPUT_BLOCK, batch - t0), cols, out, rows, r0);
                }
            }
        });
    }

    /**
     * {@code outs[k] = matrices[k] x} for matrices that read the same input (a layer's q/k/v or gate/up), each as
     * {@link #matmul} would compute it. On the native kernels, when the matrices quantize the input alike, the input
     * is quantized once and all their row groups form one parallel loop: one wait for the threads instead of one per
     * matrix (a decode step has hundreds), and the small k and v matrices no longer leave a thread idle on their own.
     */
    public static void matmulSameInput(ComputePool pool, float[] in, int batch, WeightMatrix[] matrices, float[][] outs) {
        if (matrices.length != outs.length) throw new IllegalArgumentException("one output per matrix");
        if (!shareNativeInput(matrices)) {
            for (int k = 0; k < matrices.length; k++) matrices[k].matmul(pool, in, outs[k], batch);
            return;
        }
        byte[] act = quantizedInput(pool, matrices[0].nativeMatrix, in, batch);
        int[] starts = new int[matrices.length + 1];
        for (int k = 0; k < matrices.length; k++) starts[k + 1] = starts[k] + matrices[k].nativeMatrix.groups();
        pool.parallelFor(starts[matrices.length], groupChunk(batch), (from, to) -> {
            for (int k = 0; k < matrices.length; k++) {
                int lo = Math.max(from, starts[k]), hi = Math.min(to, starts[k + 1]);
                if (lo < hi) matrices[k].nativeMatrix.multiply(act, batch, lo - starts[k], hi - starts[k], outs[k]);
            }
        });
    }

    private static boolean shareNativeInput(WeightMatrix[] matrices) {
        if (matrices.length == 0 || matrices[0].nativeMatrix == null) return false;
        for (WeightMatrix m : matrices) {
            if (m.nativeMatrix == null || !matrices[0].nativeMatrix.sharesActivations(m.nativeMatrix)) return false;
        }
        return true;
    }

    /**
     * The native kernels: the input quantized once (split by inputs), then the pool's threads each multiply row
     * groups. Decode takes a few groups per chunk; prefill one group per chunk, since a group meets the whole batch.
     */
    private void nativeMatmul(ComputePool pool, float[] in, float[] out, int batch) {
        NativeMatrix m = nativeMatrix;
        byte[] act = quantizedInput(pool, m, in, batch);
        pool.parallelFor(m.groups(), groupChunk(batch), (from, to) -> m.multiply(act, batch, from, to, out));
    }

    /** The batch's inputs quantized for {@code m} (split by inputs over the pool), in m's per-thread buffer. */
    private static byte[] quantizedInput(ComputePool pool, NativeMatrix m, float[] in, int batch) {
        byte[] act = m.activationBuffer(batch);
        if (batch == 1) m.quantize(in, 0, 1, act);
        else pool.parallelFor(batch, 4, (from, to) -> m.quantize(in, from, to, act));
        return act;
    }

    /** Fewest row groups a chunk: a few for decode, one for prefill (a group then meets the whole batch). */
    private static int groupChunk(int batch) {
        return batch == 1 ? 4 : 1;
    }
}
