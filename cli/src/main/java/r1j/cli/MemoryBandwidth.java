package r1j.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * STREAM-style memory bandwidth: each thread copies or reads its own slice of buffers far larger than the caches.
 * Decoding one token reads every weight once, so the read figure bounds tokens/s: bandwidth / bytes per token.
 * Reported as the best of several runs, as STREAM does; copy counts bytes read plus bytes written.
 */
final class MemoryBandwidth {
    /** Result in bytes per second. */
    record Result(int threads, long bufferBytes, double copyBytesPerSecond, double readBytesPerSecond) {}

    private static final int RUNS = 5;

    private MemoryBandwidth() {}

    static Result measure(int threads, long bufferBytes) throws InterruptedException, ExecutionException {
        long slice = bufferBytes / threads / 64 * 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = arena.allocate(slice * threads, 64);
            MemorySegment b = arena.allocate(slice * threads, 64);
            a.fill((byte) 1);
            b.fill((byte) 2);
            double bestCopy = 0;
            double bestRead = 0;
            long sink = 0;
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                runAll(pool, threads, t -> {
                    MemorySegment.copy(a, t * slice, b, t * slice, slice);
                    return 0L;
                });
                bestCopy = Math.max(bestCopy, 2.0 * slice * threads * 1e9 / (System.nanoTime() - start));
                start = System.nanoTime();
                sink += runAll(pool, threads, t -> sum(a.asSlice(t * slice, slice)));
                bestRead = Math.max(bestRead, (double) slice * threads * 1e9 / (System.nanoTime() - start));
            }
            if (sink == 42) System.err.print(""); // keeps the reads from being optimised away
            return new Result(threads, slice * threads, bestCopy, bestRead);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface SliceTask {
        long run(int thread);
    }

    private static long runAll(ExecutorService pool, int threads, SliceTask task) throws InterruptedException, ExecutionException {
        List<Future<Long>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> task.run(thread)));
        }
        long total = 0;
        for (Future<Long> f : futures) total += f.get();
        return total;
    }

    /** Four independent accumulators so the loop is limited by loads, not by one add chain. */
    private static long sum(MemorySegment s) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        long n = s.byteSize() / 8;
        for (long i = 0; i + 3 < n; i += 4) {
            s0 += s.getAtIndex(ValueLayout.JAVA_LONG, i);
            s1 += s.getAtIndex(ValueLayout.JAVA_LONG, i + 1);
            s2 += s.getAtIndex(ValueLayout.JAVA_LONG, i + 2);
            s3 += s.getAtIndex(ValueLayout.JAVA_LONG, i + 3);
        }
        return s0 + s1 + s2 + s3;
    }
}
