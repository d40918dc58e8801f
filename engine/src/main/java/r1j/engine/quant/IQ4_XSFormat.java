package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * IQ4_XS ({@code block_iq4_xs}, 136 bytes for a super-block of 256 values in 8 sub-blocks of 32): IQ4_NL's
 * non-linear levels with 6-bit sub-block scales:
 * <pre>
 *   0  ggml_half d         super-block scale
 *   2  uint16 scales_h     high 2 bits of scale s at bit 2s
 *   4  uint8 scales_l[4]   low 4 bits of scale s in the low (s even) or high (s odd) nibble of scales_l[s/2]
 *   8  uint8 qs[128]       16 bytes per sub-block: low nibble of byte j -&gt; value j, high nibble -&gt; value j + 16
 *  value = (d * (scale - 32)) * LEVELS[nibble]
 * </pre>
 */
final class IQ4_XSFormat implements QuantFormat {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 136;

    @Override
    public GgmlType type() {
        return GgmlType.IQ4_XS;
    }

    private static int scale(MemorySegment data, long block, int s) {
        int low = (Layouts.u8(data, block + 4 + s / 2) >>> (4 * (s % 2))) & 0xF;
        int high = (Layouts.u16(data, block + 2) >>> (2 * s)) & 3;
        return low | high << 4;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "IQ4_XS");
        for (int b = 0; b < n / BLOCK; b++) dequantizeBlock(data, byteOffset + (long) b * BLOCK_BYTES, out, outOffset + b * BLOCK);
    }

    /**
     * The 256 values of the super-block at {@code block} into {@code out[o .. o+256)}: byte j of sub-block s's 16
     * {@code qs} bytes indexes {@link IQ4_NLFormat#LEVELS} for value 32s + j with its low nibble and 32s + j + 16 with
     * its high one. In one pass, not a decoding of the levels and a second of the scales: that was 24% slower.
     */
    static void dequantizeBlock(MemorySegment data, long block, float[] out, int o) {
        float d = Layouts.fp16(data, block);
        for (int s = 0; s < 8; s++) {
            float dl = d * (scale(data, block, s) - 32);
            long qs = block + 8 + 16 * s;
            int y = o + 32 * s;
            for (int j = 0; j < 16; j++) {
                int bits = Layouts.u8(data, qs + j);
                out[y + j] = dl * IQ4_NLFormat.LEVELS[bits & 0x0F];
                out[y + j + 16] = dl * IQ4_NLFormat.LEVELS[bits >>> 4];
            }
        }
    }

    /** Each block dequantized as {@link #dequantize} does it, then summed: value j and j + 16 of a sub-block together. */
    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "IQ4_XS");
        float sum = 0f;
        float[] w = new float[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            dequantizeBlock(data, byteOffset + (long) b * BLOCK_BYTES, w, 0);
            int y = xOffset + b * BLOCK;
            for (int v = 0; v < BLOCK; v += 32) {
                for (int j = v; j < v + 16; j++) {
                    sum += w[j] * x[y + j];
                    sum += w[j + 16] * x[y + j + 16];
                }
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
