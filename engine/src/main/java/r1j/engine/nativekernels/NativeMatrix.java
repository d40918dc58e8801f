package r1j.engine.nativekernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import r1j.engine.kernels.ComputePool;
import r1j.engine.tensor.TensorEntry;

/**
 * A weight matrix for the native kernels: the tensor's rows repacked into interleaved groups of 16 (see
 * {@code r1jk.c} for the layout) in off-heap memory, and {@code out = W x} with activations quantized to 8 bits.
 *
 * <p>The repack happens on the first {@link #matmul}, so a matrix that is only read by rows (the token embedding)
 * never costs the memory; afterwards the file's pages of the tensor are released from this process ({@link
 * MemorySegment#unload()}), since the repacked copy holds everything the kernels read. Rows still needed by
 * {@code dequantizeRow} are paged back in from the file on demand.
 *
 * <p>Batch invariance: output {@code (input b, row r)} depends only on input b's quantized blocks and row r, with the
 * same operations in the same order for any batch size, thread split, or kernel path.
 */
public final class NativeMatrix {
    private static final int GROUP = 16;

    private final TensorEntry tensor;
    private final KernelPath path;
    private final int type;
    private final int rows;
    private final int cols;
    private final int groups;
    private final long repackedBytes;
    private final long activationStride;
    private volatile MemorySegment packed;

    /** Quantized activations of the current matmul, per calling thread (one engine thread drives a model). */
    private static final ThreadLocal<byte[]> ACTIVATIONS = ThreadLocal.withInitial(() -> new byte[0]);

    public NativeMatrix(TensorEntry tensor, KernelChoice choice) {
        if (!choice.isNative()) throw new IllegalArgumentException("not a native kernel choice: " + choice);
        if (!KernelSelector.serves(tensor)) throw new IllegalArgumentException("native kernels do not serve " + tensor);
        this.tensor = tensor;
        this.path = choice.path();
        this.type = tensor.type().id;
        this.rows = tensor.rows();
        this.cols = tensor.rowLength();
        this.groups = (rows + GROUP - 1) / GROUP;
        this.repackedBytes = NativeLibrary.repackedBytes(type, rows, cols);
        this.activationStride = NativeLibrary.activationBytes(type, cols);
        long sourceBytes = tensor.type().bytesFor(cols) * (long) rows;
        if (repackedBytes <= 0 || activationStride <= 0 || tensor.data().byteSize() < sourceBytes) {
            throw new IllegalArgumentException("tensor " + tensor + " cannot be repacked for the native kernels ("
                    + tensor.data().byteSize() + " bytes for " + sourceBytes + " needed)");
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Bytes of the repacked copy (allocated at the first matmul). */
    public long repackedBytes() {
        return repackedBytes;
    }

    private MemorySegment packed() {
        MemorySegment p = packed;
        if (p == null) {
            synchronized (this) {
                p = packed;
                if (p == null) {
                    // Auto arena: the copy lives as long as this matrix, i.e. as long as the model.
                    p = NativeLibrary.allocate(repackedBytes, Arena.ofAuto());
                    if (NativeLibrary.repack(type, tensor.data(), rows, cols, p) != 0) {
                        throw new IllegalStateException("repack failed for " + tensor);
                    }
                    if (tensor.data().isMapped()) tensor.data().unload();
                    packed = p;
                }
            }
        }
        return p;
    }

    /**
     * {@code out[b*rows + r] = sum_c W[r][c] * in[b*cols + c]} for {@code b < batch}, groups of rows split across
     * the pool. Quantizing the activations is split by input first.
     */
    public void matmul(ComputePool pool, float[] in, float[] out, int batch) {
        if (batch < 1 || (long) batch * cols > in.length || (long) batch * rows > out.length) {
            throw new IllegalArgumentException("matmul of " + batch + " inputs does not fit arrays of " + in.length
                    + " and " + out.length + " floats for " + tensor);
        }
        MemorySegment w = packed();
        long actBytes = activationStride * batch;
        if (actBytes > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("batch too large: " + batch);
        byte[] act = ACTIVATIONS.get();
        if (act.length < actBytes) {
            act = new byte[(int) actBytes];
            ACTIVATIONS.set(act);
        }
        final byte[] a = act;
        MemorySegment inSeg = MemorySegment.ofArray(in);
        if (batch == 1) {
            NativeLibrary.quantize(type, inSeg, 1, cols, MemorySegment.ofArray(a));
        } else {
            pool.parallelFor(batch, 4, (from, to) -> NativeLibrary.quantize(type,
                    MemorySegment.ofArray(in).asSlice((long) from * cols * Float.BYTES),
                    to - from, cols, MemorySegment.ofArray(a).asSlice(from * activationStride)));
        }
        int pathId = path.id();
        // Decode: a few groups per chunk; prefill: one group meets the whole batch, so chunks of one group balance.
        pool.parallelFor(groups, batch == 1 ? 4 : 1, (from, to) -> {
            int rc = NativeLibrary.matmul(pathId, type, w, rows, cols, from, to, MemorySegment.ofArray(a), batch,
                    MemorySegment.ofArray(out), rows);
            if (rc != 0) throw new IllegalStateException("native matmul refused its arguments for " + tensor);
        });
    }
}
