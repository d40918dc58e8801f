package r1j.router.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream that fails when no byte has arrived for {@code idle}: the JDK client's response streams have no read
 * timeout, and closing one from another thread does not reliably wake a blocked read, so a centre that stops
 * mid-stream would hold the client's request open. A virtual thread does the blocking reads and hands the chunks
 * over a queue; the caller waits on the queue with the timeout, and on expiry the upstream stream is closed.
 */
final class IdleTimeoutInputStream extends InputStream {
    /** End of stream, or the reader's failure, as a queue element. */
    private record End(IOException failure) {}

    private final InputStream in;
    private final long idleNanos;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(16);
    private byte[] current = new byte[0];
    private int position;
    private End end;
    private volatile boolean closed;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        this.in = in;
        this.idleNanos = idle.toNanos();
        Thread.ofVirtual().name("r1j-router-stream").start(this::pump);
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (n > 0 && !hand(Arrays.copyOf(buffer, n))) return;
            }
            hand(new End(null));
        } catch (IOException e) {
            chunks.offer(new End(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for room in the queue while the reader is still there; false once it has closed the stream. */
    private boolean hand(Object chunk) throws InterruptedException {
        while (!closed) {
            if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) return true;
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (position == current.length) {
            if (end != null) {
                if (end.failure() != null) throw end.failure();
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(idleNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the stream", e);
            }
            if (next == null) {
                close();
                throw new IOException("the stream was silent for " + idleNanos / 1_000_000 + " ms");
            }
            if (next instanceof End e) {
                end = e;
            } else {
                current = (byte[]) next;
                position = 0;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, buffer, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        chunks.clear();
        in.close();
    }
}
