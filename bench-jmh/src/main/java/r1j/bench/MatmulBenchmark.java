package r1j.bench;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kernels.WeightMatrix;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.nativekernels.KernelMode;
import r1j.engine.nativekernels.KernelSelector;
import r1j.engine.tensor.GgmlType;

/**
 * {@link WeightMatrix#matmul} on the real DeepSeek-R1-Distill-Qwen-1.5B FFN shapes: {@code ffn_up}/{@code ffn_gate}
 * (rows of 1536, 8960 of them) and {@code ffn_down} (rows of 8960, 1536 of them), for the types of the Q8_0 and
 * Q4_K_M files, at batch 1 (decode: memory-bound) and 32 (prefill: compute-bound). Time per call; divide the
 * weight bytes by it for the achieved bandwidth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseParallelGC"})
public class MatmulBenchmark {

    /** cols x rows: the row length first, as ggml shapes are written. */
    @Param({"1536x8960", "8960x1536"})
    public String shape;

    @Param({"Q8_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"1", "32"})
    public int batch;

    @Param({"2"})
    public int threads;

    /**
     * {@code native}: the C kernels called by the pool's threads on row ranges (compare with the pthreads of
     * {@code native/r1jk_threads_bench.c}, same shapes); {@code java}: the Vector API kernels.
     */
    @Param({"native", "java"})
    public String kernels;

    private Arena arena;
    private ComputePool pool;
    private WeightMatrix matrix;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        int cols = Integer.parseInt(dims[0]);
        int rows = Integer.parseInt(dims[1]);
        arena = Arena.ofShared();
        KernelChoice choice = kernels.equals("native") ? KernelSelector.choose(KernelMode.NATIVE) : KernelChoice.JAVA_REQUESTED;
        matrix = new WeightMatrix(BenchData.randomTensor("bench." + shape, GgmlType.valueOf(type), cols, rows, 42, arena),
                choice);
        pool = new ComputePool(threads);
        in = BenchData.randomInput(batch * cols, 7);
        out = new float[batch * rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public void matmul(Blackhole blackhole) {
        matrix.matmul(pool, in, out, batch);
        blackhole.consume(out);
    }
}
