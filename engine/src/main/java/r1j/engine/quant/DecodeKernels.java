package r1j.engine.quant;

import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * Chooses each tensor's {@link DecodeRows}: a type whose format has a {@link RowBlockDot} kernel (Q8_0, Q4_K, Q6_K)
 * reads the mapped rows as they are, except Q6_K, which is repacked to one byte per weight plus float scales
 * ({@link Q6_KRepacked}), 1.25 bytes per weight of extra memory for about three times its decode speed.
 * {@code -Dr1j.noRepack=true} keeps Q6_K on its mapped bytes (less memory, slower decode).
 *
 * <p>Tried and left out: a float table of Q4_K's sub-block scales and mins (0.25 bytes per weight) made the Q4_K
 * kernel 37% faster alone but decode slower in the model, with 1 GiB more resident heap.
 */
public final class DecodeKernels {
    public static final String NO_REPACK_PROPERTY = "r1j.noRepack";

    private DecodeKernels() {}

    /** The tensor's decode kernel, or null when its type has none or vectors are off (decode then uses the panel). */
    public static DecodeRows forTensor(TensorEntry tensor) {
        if (!VectorSupport.ENABLED || tensor.shape().length != 2) return null;
        if (tensor.type() == GgmlType.Q6_K && !Boolean.getBoolean(NO_REPACK_PROPERTY)) return Q6_KRepacked.repack(tensor);
        return QuantFormats.forTensor(tensor) instanceof RowBlockDot kernel ? plain(kernel, tensor) : null;
    }

    /** A stateless kernel over the tensor's own bytes. */
    static DecodeRows plain(RowBlockDot kernel, TensorEntry tensor) {
        int cols = tensor.rowLength();
        long rowBytes = tensor.type().bytesFor(cols);
        var data = tensor.data();
        return (row0, x, xOffset, out, outOffset) -> kernel.dot4Rows(data, row0 * rowBytes, rowBytes, x, xOffset, cols, out, outOffset);
    }
}
