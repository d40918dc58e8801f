package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * Q5_0 ({@code block_q5_0}, 22 bytes for 32 values):
 * <pre>
 *   0  ggml_half d       scale
 *   2  uint8 qh[4]       fifth bits, read as one little-endian uint32: bit j belongs to value j
 *   6  uint8 qs[16]      low nibble of qs[j] is value j, high nibble is value j + 16
 *                        value = ((nibble | fifth bit &lt;&lt; 4) - 16) * d
 * </pre>
 */
final class Q5_0Format implements QuantFormat {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 22;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_0");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int qh = Layouts.i32(data, block + 2);
            int o = outOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 6 + j);
                out[o + j] = (((q & 0x0F) | ((qh >>> j) << 4 & 0x10)) - 16) * d;
                out[o + j + BLOCK / 2] = (((q >>> 4) | ((qh >>> (j + 12)) & 0x10)) - 16) * d;
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q5_0");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block);
            int qh = Layouts.i32(data, block + 2);
            int xo = xOffset + b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = Layouts.u8(data, block + 6 + j);
                sum += (((q & 0x0F) | ((qh >>> j) << 4 & 0x10)) - 16) * d * x[xo + j];
                sum += (((q >>> 4) | ((qh >>> (j + 12)) & 0x10)) - 16) * d * x[xo + j + BLOCK / 2];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
