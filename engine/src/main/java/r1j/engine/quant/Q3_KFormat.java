package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * Q3_K ({@code block_q3_K}, 110 bytes for a super-block of 256 values in 16 sub-blocks of 16):
 * <pre>
 *   0  uint8 hmask[32]   third bits: bit k of hmask[l] belongs to value 32k + l; a CLEAR bit subtracts 4
 *  32  uint8 qs[64]      low 2 bits, laid out as in Q2_K (two halves of four 2-bit planes)
 *  96  uint8 scales[12]  sixteen 6-bit scales: low 4 bits of scale j in scales[j] (j &lt; 8, low nibble) or
 *                        scales[j-8] (high nibble); high 2 bits in scales[8 + j%4] at bit 2*(j/4)
 * 108  ggml_half d       super-block scale
 *  value = (d * (scale - 32)) * (q - (hbit ? 0 : 4))
 * </pre>
 */
final class Q3_KFormat implements QuantFormat {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 110;

    @Override
    public GgmlType type() {
        return GgmlType.Q3_K;
    }

    /** The 6-bit scale of sub-block {@code j}, before the -32 bias. */
    static int scale(MemorySegment data, long scales, int j) {
        int low = j < 8 ? Layouts.u8(data, scales + j) & 0xF : Layouts.u8(data, scales + j - 8) >>> 4;
        int high = (Layouts.u8(data, scales + 8 + j % 4) >>> (2 * (j / 4))) & 3;
        return low | high << 4;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q3_K");
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float dAll = Layouts.fp16(data, block + 108);
            int y = outOffset + b * BLOCK;
            int is = 0;
            int m = 1;
            for (int half = 0; half < 2; half++) {
                long q = block + 32 + 32 * half;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int sub = 0; sub < 2; sub++) {
                        float dl = dAll * (scale(data, block + 96, is++) - 32);
                        for (int l = 16 * sub; l < 16 * sub + 16; l++) {
                            int low = (Layouts.u8(data, q + l) >>> shift) & 3;
                            int minus = (Layouts.u8(data, block + l) & m) != 0 ? 0 : 4;
                            out[y++] = dl * (low - minus);
                        }
                    }
                    m <<= 1;
                }
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q3_K");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float dAll = Layouts.fp16(data, block + 108);
            int y = xOffset + b * BLOCK;
            int is = 0;
            int m = 1;
            for (int half = 0; half < 2; half++) {
                long q = block + 32 + 32 * half;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int sub = 0; sub < 2; sub++) {
                        float dl = dAll * (scale(data, block + 96, is++) - 32);
                        for (int l = 16 * sub; l < 16 * sub + 16; l++) {
                            int low = (Layouts.u8(data, q + l) >>> shift) & 3;
                            int minus = (Layouts.u8(data, block + l) & m) != 0 ? 0 : 4;
                            sum += dl * (low - minus) * x[y++];
                        }
                    }
                    m <<= 1;
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
