package r1j.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of compute threads that run one data-parallel loop at a time ({@link #parallelFor}).
 *
 * <p>Why not a ForkJoinPool or an executor: the forward pass runs hundreds of short loops per token, and
 * submitting tasks allocates and wakes threads through queues. Here a loop is published in a few fields, workers
 * claim chunks from one atomic counter, and the caller works too; nothing is allocated per loop. The pool is owned
 * by one engine thread: {@link #parallelFor} is not re-entrant and must not be called concurrently.
 */
public final class ComputePool implements AutoCloseable {

    /** Body of a parallel loop: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final Thread[] workers;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;

    private RangeBody body;
    private int size;
    private int chunkSize;
    private int chunkCount;
    private volatile Throwable failure;

    /** @param threads total threads doing work, the calling thread included (1 = run inline) */
    public ComputePool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("r1j-compute-" + (i + 1)).start(this::workLoop);
        }
    }

    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code body} over {@code [0, size)} split into chunks of at least {@code minChunk} indices, on all
     * threads, and returns when every index is done. Exceptions thrown by the body are rethrown here.
     */
    public void parallelFor(int size, int minChunk, RangeBody body) {
        if (size <= 0) return;
        int threads = threads();
        if (threads == 1 || size <= minChunk) {
            body.run(0, size);
            return;
        }
        // A few chunks per thread balance uneven rows without much claiming traffic.
        int chunk = Math.max(minChunk, (size + threads * 4 - 1) / (threads * 4));
        this.body = body;
        this.size = size;
        this.chunkSize = chunk;
        this.chunkCount = (size + chunk - 1) / chunk;
        this.failure = null;
        this.caller = Thread.currentThread();
        nextChunk.set(0);
        busyWorkers.set(workers.length);
        generation++;                      // volatile write publishes the fields above
        for (Thread w : workers) LockSupport.unpark(w);
        runChunks();
        // Spin first: with native kernels a decode matmul takes tens of microseconds, about what a park and the
        // worker's unpark cost, and a forward pass runs a few hundred of them per token.
        int spins = 0;
        while (busyWorkers.get() > 0) {
            if (++spins < 20_000) Thread.onSpinWait();
            else LockSupport.parkNanos(this, 50_000);
        }
        this.body = null;
        Throwable t = failure;
        if (t != null) {
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            throw new RuntimeException(t);
        }
    }

    private void runChunks() {
        RangeBody b = body;
        int n = size, c = chunkSize, count = chunkCount;
        int i;
        while ((i = nextChunk.getAndIncrement()) < count) {
            int from = i * c;
            try {
                b.run(from, Math.min(n, from + c));
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private void workLoop() {
        int seen = 0;
        while (true) {
            // Spin briefly (loops come back to back during a forward pass), then park.
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < 20_000) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            runChunks();
            if (busyWorkers.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
