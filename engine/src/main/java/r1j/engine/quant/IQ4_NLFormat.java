package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * IQ4_NL ({@code block_iq4_nl}, 18 bytes for 32 values): like Q4_0, but each nibble indexes a fixed non-linear
 * table of 16 levels ({@link #LEVELS}, ggml's {@code kvalues_iq4nl}) instead of being used as a number:
 * <pre>
 *   0  ggml_half d       scale
 *   2  uint8 qs[16]      value j = d * LEVELS[qs[j] &amp; 0xF], value j + 16 = d * LEVELS[qs[j] &gt;&gt; 4]
 * </pre>
 */
final class IQ4_NLFormat implements QuantFormat {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 18;
    /** Denser near zero, where most weights are. */
    static final byte[] LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_NL;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "IQ4_NL");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 2 + j);
                out[o + j] = d * LEVELS[q & 0x0F];
                out[o + j + BLOCK / 2] = d * LEVELS[q >>> 4];
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "IQ4_NL");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int xo = xOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 2 + j);
                sum += d * LEVELS[q & 0x0F] * x[xo + j];
                sum += d * LEVELS[q >>> 4] * x[xo + j + BLOCK / 2];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
