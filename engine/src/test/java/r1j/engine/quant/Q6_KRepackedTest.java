package r1j.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

class Q6_KRepackedTest {

    @Test
    void every_repacked_value_times_its_scale_is_the_dequantized_value() {
        int rows = 3, cols = 512;
        MemorySegment data = VectorDequantizeTest.randomBlocks(GgmlType.Q6_K, rows * cols, 5);
        Q6_KRepacked repacked = Q6_KRepacked.repack(new TensorEntry("t", GgmlType.Q6_K, new long[] {cols, rows}, data));
        float[] expected = new float[cols];
        for (int r = 0; r < rows; r++) {
            QuantFormats.of(GgmlType.Q6_K).dequantize(data, r * GgmlType.Q6_K.bytesFor(cols), expected, 0, cols);
            for (int i = 0; i < cols; i++) {
                byte q = repacked.value(r, i);
                float scale = repacked.scale(r, i);
                assertThat(q).as("row %d value %d", r, i).isBetween((byte) -32, (byte) 31);
                assertThat(Float.floatToRawIntBits(q * scale)).as("row %d value %d", r, i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }
}
