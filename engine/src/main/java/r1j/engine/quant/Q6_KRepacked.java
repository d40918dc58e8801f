package r1j.engine.quant;

import static r1j.engine.quant.VectorSupport.BYTES;
import static r1j.engine.quant.VectorSupport.BYTE_LANES;
import static r1j.engine.quant.VectorSupport.BYTE_PARTS;
import static r1j.engine.quant.VectorSupport.FLOATS;
import static r1j.engine.quant.VectorSupport.FLOAT_LANES;
import static r1j.engine.quant.VectorSupport.LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.IntStream;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import r1j.engine.tensor.TensorEntry;

/**
 * Q6_K rows repacked once at load for decode, as llama.cpp repacks some types for its CPU kernels. Per row:
 * {@code cols} signed bytes {@code q - 32}, then {@code cols / 16} float32 scales {@code d * scale}, one per 16
 * values. Decoding a Q6_K value takes a dozen vector operations (two loads, shifts, masks, an or); a repacked value
 * is read like Q8_0: 25% more bytes per row than Q6_K, about three times faster to decode.
 *
 * <p>The values are the same floats as {@link Q6_KFormat#dequantize}: {@code (q - 32)} is exact in both, and the
 * scale is the same float product, so {@link #dot4Rows} keeps the {@link DecodeRows} contract.
 */
final class Q6_KRepacked implements DecodeRows {
    private static final int GROUP = 16;

    private final MemorySegment data;
    private final long rowBytes;
    private final int cols;

    private Q6_KRepacked(MemorySegment data, int cols) {
        this.data = data;
        this.rowBytes = rowBytes(cols);
        this.cols = cols;
    }

    static long rowBytes(int cols) {
        return cols + (long) cols / GROUP * Float.BYTES;
    }

    /** The repacked value {@code q - 32} of row {@code row}, column {@code col}. */
    byte value(int row, int col) {
        return data.get(ValueLayout.JAVA_BYTE, row * rowBytes + col);
    }

    /** The float that multiplies {@link #value}. */
    float scale(int row, int col) {
        return data.get(Layouts.FLOAT_LE, row * rowBytes + cols + (long) (col / GROUP) * Float.BYTES);
    }

    /** Repacks every row, in parallel: about a second for the 1.5B model's Q6_K tensors on two cores. */
    static Q6_KRepacked repack(TensorEntry tensor) {
        int rows = tensor.rows();
        int cols = tensor.rowLength();
        Layouts.checkBlocks(cols, Q6_KFormat.BLOCK, "Q6_K");
        long srcRowBytes = tensor.type().bytesFor(cols);
        long dstRowBytes = rowBytes(cols);
        MemorySegment dst = Arena.ofAuto().allocate(rows * dstRowBytes, 64);
        MemorySegment src = tensor.data();
        IntStream.range(0, rows).parallel().forEach(r -> repackRow(src, r * srcRowBytes, dst, r * dstRowBytes, cols));
        return new Q6_KRepacked(dst, cols);
    }

    /** One row: the values of {@link Q6_KFormat#values} and the scales of {@link Q6_KFormat#dequantizeScalar}. */
    static void repackRow(MemorySegment src, long srcRow, MemorySegment dst, long dstRow, int cols) {
        long scales = dstRow + cols;
        int[] q = new int[Q6_KFormat.BLOCK];
        for (int b = 0; b < cols / Q6_KFormat.BLOCK; b++) {
            long block = srcRow + (long) b * Q6_KFormat.BLOCK_BYTES;
            float d = Layouts.fp16(src, block + 208);
            for (int g = 0; g < Q6_KFormat.BLOCK / GROUP; g++) {
                dst.set(Layouts.FLOAT_LE, scales + (b * (Q6_KFormat.BLOCK / GROUP) + g) * (long) Float.BYTES,
                        d * Layouts.i8(src, block + 192 + g));
            }
            Q6_KFormat.values(src, block, q);
            long y = dstRow + (long) b * Q6_KFormat.BLOCK;
            for (int i = 0; i < Q6_KFormat.BLOCK; i++) dst.set(ValueLayout.JAVA_BYTE, y + i, (byte) q[i]);
        }
    }

    /** See {@link DecodeRows}; one row per static {@link #rowDot} call, so no vector crosses a call boundary. */
    @Override
    public void dot4Rows(int row0, float[] x, int xOffset, float[] out, int outOffset) {
        for (int i = 0; i < RowBlockDot.ROWS; i++) out[outOffset + i] = rowDot(data, (row0 + i) * rowBytes, x, xOffset, cols);
    }

    private static float rowDot(MemorySegment data, long row, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        long scales = row + n;
        for (int c = 0; c < n; c += BYTE_LANES) {  // BYTE_LANES <= 16: a run never crosses a scale group
            float scale = data.get(Layouts.FLOAT_LE, scales + (c / GROUP) * (long) Float.BYTES);
            ByteVector q = ByteVector.fromMemorySegment(BYTES, data, row + c, LE);
            for (int p = 0; p < BYTE_PARTS; p++) {
                FloatVector w = ((FloatVector) q.convertShape(VectorOperators.B2F, FLOATS, p)).mul(scale);
                acc = w.fma(FloatVector.fromArray(FLOATS, x, xOffset + c + p * FLOAT_LANES), acc);
            }
        }
        return VectorSupport.sumLanes(acc);
    }
}
