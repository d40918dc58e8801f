package r1j.engine.quantize;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes a tensor's rows as chunks encoded on a thread pool, in row order, with a bounded number of chunks in
 * flight, so memory stays a few megabytes whatever the tensor's size. Shared by {@code quantize} (re-encoding rows)
 * and {@code synth} (drawing random rows).
 */
public final class ChunkedRowWriter {
    /** Float values per chunk: large enough to amortise task overhead, small enough to keep memory flat. */
    static final int CHUNK_VALUES = 1 << 20;

    /** Encodes rows {@code [from, to)} into their bytes; runs on a pool thread. */
    @FunctionalInterface
    public interface RowEncoder {
        byte[] encode(int from, int to);
    }

    private ChunkedRowWriter() {}

    /**
     * @param inFlight most chunks encoded ahead of the one being written
     * @param what     what is being written, for error messages ("converting tensor 'x' from F32 to Q8_0")
     */
    public static void write(OutputStream out, int rows, int rowLength, ExecutorService pool, int inFlight, String what,
            RowEncoder encoder) throws IOException {
        int rowsPerChunk = Math.max(1, CHUNK_VALUES / rowLength);
        Deque<Future<byte[]>> pending = new ArrayDeque<>();
        try {
            for (int first = 0; first < rows; first += rowsPerChunk) {
                int from = first;
                int to = Math.min(rows, first + rowsPerChunk);
                pending.add(pool.submit(() -> encoder.encode(from, to)));
                if (pending.size() >= inFlight) out.write(await(pending.poll(), what));
            }
            while (!pending.isEmpty()) out.write(await(pending.poll(), what));
        } finally {
            for (Future<byte[]> f : pending) f.cancel(true);
        }
    }

    private static byte[] await(Future<byte[]> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + e.getCause(), e.getCause());
        }
    }
}
