package r1j.router.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stream that closes itself when no byte has arrived for {@code idle}: the JDK client's response streams have no
 * read timeout, and a centre that stops mid-stream would otherwise hold the client's request open forever. The
 * blocked read then fails with an {@link IOException}, which the relay reports in-band.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "r1j-router-stream-watch");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastByte = System.nanoTime();
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idleNanos = idle.toNanos();
        long period = Math.max(10, idle.toMillis() / 4);
        this.check = WATCH.scheduleAtFixedRate(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private void closeIfIdle() {
        if (System.nanoTime() - lastByte > idleNanos) {
            timedOut = true;
            try {
                close();
            } catch (IOException ignored) {
                // Closing is all that was wanted.
            }
        }
    }

    @Override
    public int read() throws IOException {
        int b = guarded(super.read());
        if (b >= 0) lastByte = System.nanoTime();
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(buffer, off, len);
        } catch (IOException e) {
            if (timedOut) throw new IOException("the stream was silent for " + idleNanos / 1_000_000 + " ms", e);
            throw e;
        }
        if (n > 0) lastByte = System.nanoTime();
        return guarded(n);
    }

    private int guarded(int n) throws IOException {
        // A closed JDK response stream may simply report its end: that is a cut, not a finished stream.
        if (n < 0 && timedOut) throw new IOException("the stream was silent for " + idleNanos / 1_000_000 + " ms");
        return n;
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
