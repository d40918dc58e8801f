package r1j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import r1j.engine.quant.QuantFormat;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * {@link QuantFormat#dequantize} of one 8960-value row (an {@code ffn_down} row) per call, for every type r1j reads.
 * The rows cycle through a 256-row tensor so the data is not all in L1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DequantizeBenchmark {
    private static final int COLS = 8960;
    private static final int ROWS = 256;

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K",
            "IQ4_NL", "IQ4_XS"})
    public String type;

    private Arena arena;
    private QuantFormat format;
    private MemorySegment data;
    private long rowBytes;
    private float[] out;
    private int row;

    @Setup(Level.Trial)
    public void setUp() {
        GgmlType ggmlType = GgmlType.valueOf(type);
        arena = Arena.ofShared();
        TensorEntry tensor = BenchData.randomTensor("bench", ggmlType, COLS, ROWS, 42, arena);
        format = QuantFormats.forTensor(tensor);
        data = tensor.data();
        rowBytes = ggmlType.bytesFor(COLS);
        out = new float[COLS];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void dequantizeRow(Blackhole blackhole) {
        row = (row + 1) % ROWS;
        format.dequantize(data, row * rowBytes, out, 0, COLS);
        blackhole.consume(out);
    }
}
