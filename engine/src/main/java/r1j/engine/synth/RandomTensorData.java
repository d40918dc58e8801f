package r1j.engine.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.quantize.ChunkedRowWriter;
import r1j.engine.quantize.RowQuantizer;
import r1j.engine.quantize.RowQuantizers;
import r1j.engine.tensor.GgmlType;

/**
 * The bytes of one random tensor, produced while the file is written: rows are drawn and quantized in chunks on a
 * thread pool and written in order, with a bounded number of chunks in flight, so memory stays a few megabytes
 * whatever the tensor's size.
 *
 * <p>Each row's values depend only on the tensor seed and the row number, so the file is the same for any thread
 * count.
 */
final class RandomTensorData implements GgufWriter.TensorData {

    private final TensorSpec spec;
    private final GgmlType type;
    private final long tensorSeed;
    private final ExecutorService pool;
    private final int inFlight;

    RandomTensorData(TensorSpec spec, GgmlType type, long tensorSeed, ExecutorService pool, int threads) {
        this.spec = spec;
        this.type = type;
        this.tensorSeed = tensorSeed;
        this.pool = pool;
        this.inFlight = 2 * threads;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        ChunkedRowWriter.write(out, spec.rows(), spec.rowLength(), pool, inFlight,
                "synthesizing tensor '" + spec.name() + "' (" + type + ")", this::chunk);
    }

    private byte[] chunk(int from, int to) {
        RowQuantizer quantizer = RowQuantizers.of(type);
        int rowLength = spec.rowLength();
        int rowBytes = Math.toIntExact(type.bytesFor(rowLength));
        float[] row = new float[rowLength];
        byte[] bytes = new byte[(to - from) * rowBytes];
        for (int r = from; r < to; r++) {
            fillRow(row, r);
            quantizer.quantize(row, 0, rowLength, bytes, (r - from) * rowBytes);
        }
        return bytes;
    }

    private void fillRow(float[] row, int r) {
        // SplittableRandom mixes its seed, so consecutive row seeds give independent streams.
        SplittableRandom random = new SplittableRandom(tensorSeed + 0x9E3779B97F4A7C15L * r);
        float mean = spec.init().mean;
        float std = spec.init().std;
        for (int i = 0; i < row.length; i++) row[i] = mean + std * (float) random.nextGaussian();
    }
}
