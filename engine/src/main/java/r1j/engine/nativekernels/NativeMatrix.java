package r1j.engine.nativekernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * A weight matrix for the native kernels: the tensor's rows repacked into interleaved groups of 16 (see
 * {@code r1jk.c} for the layout) in off-heap memory, and {@code out = W x} with activations quantized to 8 bits.
 *
 * <p>The repack happens on the first {@link #multiply}, so a matrix that is only read by rows (the token embedding)
 * never costs the memory; afterwards the file's pages of the tensor are released from this process ({@link
 * MemorySegment#unload()}), since the repacked copy holds everything the kernels read. Rows still needed by
 * {@code dequantizeRow} are paged back in from the file on demand. The caller ({@code WeightMatrix}) splits the
 * work over its threads: quantizing by inputs, multiplying by row groups.
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

    /** Bytes of the repacked copy (allocated at the first multiply). */
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
     * Whether {@code other} quantizes an input into the same bytes as this matrix: the same width and the same
     * activation format (Q8_0 weights take Q8_0 activations, the K-quants Q8_K), so that matrices reading one input
     * (q/k/v, gate/up) can share one quantization of it.
     */
    public boolean sharesActivations(NativeMatrix other) {
        return cols == other.cols && (tensor.type() == GgmlType.Q8_0) == (other.tensor.type() == GgmlType.Q8_0);
    }

    /** Row groups, the unit {@link #multiply} splits on. */
    public int groups() {
        return groups;
    }

    /**
     * The calling thread's buffer for {@code batch} quantized inputs (valid until its next call on this thread). One
     * engine thread drives a model, and the pool's workers fill and read the buffer it hands them.
     */
    public byte[] activationBuffer(int batch) {
        long bytes = activationStride * batch;
        if (batch < 1 || bytes > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("batch out of range: " + batch);
        byte[] act = ACTIVATIONS.get();
        if (act.length < bytes) {
            act = new byte[(int) bytes];
            ACTIVATIONS.set(act);
        }
        return act;
    }

    /** Quantizes inputs {@code [from, to)} of {@code in} (each {@code cols} floats) into {@code act}. */
    public void quantize(float[] in, int from, int to, byte[] act) {
        if (from < 0 || to < from || (long) to * cols > in.length || to * activationStride > act.length) {
            throw new IllegalArgumentException("quantize of inputs [" + from + ", " + to + ") does not fit arrays of "
                    + in.length + " floats and " + act.length + " bytes for " + tensor);
        }
        if (to == from) return;
        NativeLibrary.quantize(type, MemorySegment.ofArray(in).asSlice((long) from * cols * Float.BYTES), to - from, cols,
                MemorySegment.ofArray(act).asSlice(from * activationStride));
    }

    /**
     * {@code out[b*rows + r] = sum_c W[r][c] * x_b[c]} for the rows of groups {@code [groupFrom, groupTo)} and
     * {@code b < batch}, {@code x_b} being input b as {@link #quantize} left it in {@code act}.
     */
    public void multiply(byte[] act, int batch, int groupFrom, int groupTo, float[] out) {
        if (batch < 1 || groupFrom < 0 || groupTo < groupFrom || groupTo > groups
                || batch * activationStride > act.length || (long) batch * rows > out.length) {
            throw new IllegalArgumentException("multiply of groups [" + groupFrom + ", " + groupTo + ") and " + batch
                    + " inputs does not fit arrays of " + act.length + " bytes and " + out.length + " floats for " + tensor);
        }
        MemorySegment w = packed();
        int rc = NativeLibrary.matmul(path.id(), type, w, rows, cols, groupFrom, groupTo, MemorySegment.ofArray(act),
                batch, MemorySegment.ofArray(out), rows);
        if (rc != 0) throw new IllegalStateException("native matmul refused its arguments for " + tensor);
    }
}
