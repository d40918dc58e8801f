package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * Q4_1 ({@code block_q4_1}, 20 bytes for 32 values):
 * <pre>
 *   0  ggml_half d       scale
 *   2  ggml_half m       offset (the block minimum)
 *   4  uint8 qs[16]      value j      = (qs[j] &amp; 0xF) * d + m    (j = 0..15)
 *                        value j + 16 = (qs[j] &gt;&gt; 4)  * d + m
 * </pre>
 * ggml multiplies then adds, as two roundings; so does this class.
 */
final class Q4_1Format implements QuantFormat {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 20;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_1;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_1");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float m = Layouts.fp16(data, block + 2);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 4 + j);
                out[o + j] = (q & 0x0F) * d + m;
                out[o + j + BLOCK / 2] = (q >>> 4) * d + m;
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q4_1");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float m = Layouts.fp16(data, block + 2);
            int xo = xOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 4 + j);
                sum += ((q & 0x0F) * d + m) * x[xo + j];
                sum += ((q >>> 4) * d + m) * x[xo + j + BLOCK / 2];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
