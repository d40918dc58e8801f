package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * Q5_1 ({@code block_q5_1}, 24 bytes for 32 values):
 * <pre>
 *   0  ggml_half d       scale
 *   2  ggml_half m       offset (the block minimum)
 *   4  uint8 qh[4]       fifth bits, read as one little-endian uint32: bit j belongs to value j
 *   8  uint8 qs[16]      low nibble of qs[j] is value j, high nibble is value j + 16
 *                        value = (nibble | fifth bit &lt;&lt; 4) * d + m
 * </pre>
 */
final class Q5_1Format implements QuantFormat {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 24;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_1;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_1");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float m = Layouts.fp16(data, block + 2);
            int qh = Layouts.i32(data, block + 4);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 8 + j);
                out[o + j] = ((q & 0x0F) | ((qh >>> j) << 4 & 0x10)) * d + m;
                out[o + j + BLOCK / 2] = ((q >>> 4) | ((qh >>> (j + 12)) & 0x10)) * d + m;
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_1");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            float m = Layouts.fp16(data, block + 2);
            int qh = Layouts.i32(data, block + 4);
            int xo = xOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 8 + j);
                sum += (((q & 0x0F) | ((qh >>> j) << 4 & 0x10)) * d + m) * x[xo + j];
                sum += (((q >>> 4) | ((qh >>> (j + 12)) & 0x10)) * d + m) * x[xo + j + BLOCK / 2];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
