package r1j.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One tensor of a model file: what every loader (GGUF, safetensors) ends in and all model code starts from.
 *
 * @param name  GGUF-style name ({@code blk.0.attn_q.weight}); Hugging Face names are mapped before this point
 * @param type  storage type of {@code data}
 * @param shape ggml order: {@code shape[0]} is the length of one row (the fastest-varying dimension),
 *              {@code shape[1]} the number of rows
 * @param data  read-only slice of the memory-mapped file holding exactly this tensor's bytes
 */
public record TensorEntry(String name, GgmlType type, long[] shape, MemorySegment data) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Length of one row (ggml ne[0]). */
    public int rowLength() {
        return Math.toIntExact(shape[0]);
    }

    /** Number of rows: the product of all dimensions after the first. */
    public int rows() {
        return Math.toIntExact(elementCount() / shape[0]);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
