package r1j.engine.quantize;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.quant.QuantFormat;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * One source tensor re-encoded as {@code target}, produced while the file is written: chunks of rows are
 * dequantized to float and quantized on a thread pool and written in order, with a bounded number of chunks in
 * flight, so memory stays a few megabytes whatever the tensor's size. A tensor already of the target type is copied
 * byte for byte (as llama-quantize does), never rounded twice.
 */
final class ConvertedTensorData implements GgufWriter.TensorData {
    /** Float values per chunk: large enough to amortise task overhead, small enough to keep memory flat. */
    private static final int CHUNK_VALUES = 1 << 20;
    private static final int COPY_BUFFER = 1 << 20;

    private final TensorEntry source;
    private final GgmlType target;
    private final ExecutorService pool;
    private final int inFlight;

    ConvertedTensorData(TensorEntry source, GgmlType target, ExecutorService pool, int threads) {
        this.source = source;
        this.target = target;
        this.pool = pool;
        this.inFlight = 2 * threads;
    }

    /** Whether the bytes are copied rather than re-encoded. */
    boolean copies() {
        return source.type() == target;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (copies()) {
            copy(out);
            return;
        }
        int rows = source.rows();
        int rowsPerChunk = Math.max(1, CHUNK_VALUES / source.rowLength());
        Deque<Future<byte[]>> pending = new ArrayDeque<>();
        try {
            for (int first = 0; first < rows; first += rowsPerChunk) {
                int from = first;
                int to = Math.min(rows, first + rowsPerChunk);
                pending.add(pool.submit(() -> chunk(from, to)));
                if (pending.size() >= inFlight) out.write(await(pending.poll()));
            }
            while (!pending.isEmpty()) out.write(await(pending.poll()));
        } finally {
            for (Future<byte[]> f : pending) f.cancel(true);
        }
    }

    private void copy(OutputStream out) throws IOException {
        MemorySegment data = source.data();
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, data.byteSize()))];
        for (long pos = 0; pos < data.byteSize(); pos += buffer.length) {
            int n = (int) Math.min(buffer.length, data.byteSize() - pos);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, pos, buffer, 0, n);
            out.write(buffer, 0, n);
        }
    }

    private byte[] await(Future<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing tensor '" + source.name() + "'");
        } catch (ExecutionException e) {
            throw new IOException("converting tensor '" + source.name() + "' from " + source.type() + " to " + target
                    + ": " + e.getCause(), e.getCause());
        }
    }

    private byte[] chunk(int from, int to) {
        QuantFormat reader = QuantFormats.forTensor(source);
        RowQuantizer writer = RowQuantizers.of(target);
        int rowLength = source.rowLength();
        long sourceRowBytes = source.type().bytesFor(rowLength);
        int rowBytes = Math.toIntExact(target.bytesFor(rowLength));
        float[] row = new float[rowLength];
        byte[] bytes = new byte[(to - from) * rowBytes];
        for (int r = from; r < to; r++) {
            reader.dequantize(source.data(), r * sourceRowBytes, row, 0, rowLength);
            writer.quantize(row, 0, rowLength, bytes, (r - from) * rowBytes);
        }
        return bytes;
    }
}
