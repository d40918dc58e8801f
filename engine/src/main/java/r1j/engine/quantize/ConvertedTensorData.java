package r1j.engine.quantize;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ExecutorService;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.quant.QuantFormat;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * One source tensor re-encoded as {@code target}, produced while the file is written: chunks of rows are
 * dequantized to float and quantized on a thread pool and written in order, with a bounded number of chunks in
 * flight, so memory stays a few megabytes whatever the tensor's size. A tensor already of the target type is copied
 * byte for byte (as llama-quantize does), never rounded twice.
 */
final class ConvertedTensorData implements GgufWriter.TensorData {
    private static final int COPY_BUFFER = 1 << 20;

    private final TensorEntry source;
    private final GgmlType target;
    private final ExecutorService pool;
    private final int inFlight;

    ConvertedTensorData(TensorEntry source, GgmlType target, ExecutorService pool, int threads) {
        this.source = source;
        this.target = target;
        this.pool = pool;
        this.inFlight = 2 * threads;
    }

    /** Whether the bytes are copied rather than re-encoded. */
    boolean copies() {
        return source.type() == target;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (copies()) {
            copy(out);
            return;
        }
        ChunkedRowWriter.write(out, source.rows(), source.rowLength(), pool, inFlight,
                "converting tensor '" + source.name() + "' from " + source.type() + " to " + target, this::chunk);
    }

    private void copy(OutputStream out) throws IOException {
        MemorySegment data = source.data();
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, data.byteSize()))];
        for (long pos = 0; pos < data.byteSize(); pos += buffer.length) {
            int n = (int) Math.min(buffer.length, data.byteSize() - pos);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, pos, buffer, 0, n);
            out.write(buffer, 0, n);
        }
    }

    private byte[] chunk(int from, int to) {
        QuantFormat reader = QuantFormats.forTensor(source);
        RowQuantizer writer = RowQuantizers.of(target);
        int rowLength = source.rowLength();
        long sourceRowBytes = source.type().bytesFor(rowLength);
        int rowBytes = Math.toIntExact(target.bytesFor(rowLength));
        float[] row = new float[rowLength];
        byte[] bytes = new byte[(to - from) * rowBytes];
        for (int r = from; r < to; r++) {
            reader.dequantize(source.data(), r * sourceRowBytes, row, 0, rowLength);
            writer.quantize(row, 0, rowLength, bytes, (r - from) * rowBytes);
        }
        return bytes;
    }
}
