package r1j.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    /**
     * Full-width vector loads into four independent accumulators, as the decode kernels read weights: a scalar
     * 8-byte loop is limited by load instructions, not by memory, and read 22 GB/s where vector loads read more.
     */
    private static long sum(MemorySegment s) {
        LongVector s0 = LongVector.zero(LONGS), s1 = s0, s2 = s0, s3 = s0;
        long step = LONGS.vectorByteSize();
        long n = s.byteSize();
        long i = 0;
        for (; i + 4 * step <= n; i += 4 * step) {
            s0 = s0.add(LongVector.fromMemorySegment(LONGS, s, i, ByteOrder.LITTLE_ENDIAN));
            s1 = s1.add(LongVector.fromMemorySegment(LONGS, s, i + step, ByteOrder.LITTLE_ENDIAN));
            s2 = s2.add(LongVector.fromMemorySegment(LONGS, s, i + 2 * step, ByteOrder.LITTLE_ENDIAN));
            s3 = s3.add(LongVector.fromMemorySegment(LONGS, s, i + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        long total = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i + 8 <= n; i += 8) total += s.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        return total;
    }
}
