package r1j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import r1j.engine.quantize.RowQuantizer;
import r1j.engine.quantize.RowQuantizers;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/** Random weight tensors for the benchmarks, off-heap like a memory-mapped GGUF's. */
final class BenchData {
    private BenchData() {}

    /**
     * A {@code rows x cols} tensor of {@code type}: normal values quantized by r1j's writer where it has one, else
     * random bytes (speed does not depend on the values, except that random fp16 scales are sometimes NaN or
     * subnormal; the types without a writer are not used by the mixes r1j benchmarks).
     */
    static TensorEntry randomTensor(String name, GgmlType type, int cols, int rows, long seed, Arena arena) {
        long bytes = type.bytesFor((long) cols * rows);
        MemorySegment data = arena.allocate(bytes, 64);
        SplittableRandom random = new SplittableRandom(seed);
        int rowBytes = Math.toIntExact(type.bytesFor(cols));
        byte[] row = new byte[rowBytes];
        if (RowQuantizers.canWrite(type)) {
            RowQuantizer quantizer = RowQuantizers.of(type);
            float[] values = new float[cols];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < cols; i++) values[i] = 0.02f * (float) random.nextGaussian();
                quantizer.quantize(values, 0, cols, row, 0);
                MemorySegment.copy(row, 0, data, ValueLayout.JAVA_BYTE, (long) r * rowBytes, rowBytes);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                random.nextBytes(row);
                MemorySegment.copy(row, 0, data, ValueLayout.JAVA_BYTE, (long) r * rowBytes, rowBytes);
            }
        }
        return new TensorEntry(name, type, new long[] {cols, rows}, data);
    }

    static float[] randomInput(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }
}
