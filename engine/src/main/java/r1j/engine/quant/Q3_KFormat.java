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
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float dAll = Layouts.fp16(data, block + 108);
            values(data, block, q);
            int y = outOffset + b * BLOCK;
            for (int s = 0; s < BLOCK / 16; s++) {
                float dl = dAll * (scale(data, block + 96, s) - 32);
                for (int i = 16 * s; i < 16 * s + 16; i++) out[y + i] = dl * q[i];
            }
        }
    }

    /**
     * The 256 signed 3-bit values {@code q - (hbit ? 0 : 4)} of the super-block at {@code block}, in value order.
     * Value 32k + l (k = 0..7, l = 0..31) takes its low 2 bits from bits 2(k%4)..2(k%4)+1 of {@code qs} byte
     * 32(k/4) + l and its third bit from bit k of {@code hmask} byte l.
     */
    static void values(MemorySegment data, long block, int[] q) {
        for (int l = 0; l < 32; l++) {
            int hmask = Layouts.u8(data, block + l);
            for (int half = 0; half < 2; half++) {
                int low = Layouts.u8(data, block + 32 + 32 * half + l);
                for (int j = 0; j < 4; j++) {
                    int k = 4 * half + j;
                    q[32 * k + l] = (low >>> (2 * j) & 3) - ((hmask >>> k & 1) != 0 ? 0 : 4);
                }
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q3_K");
        float sum = 0f;
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float dAll = Layouts.fp16(data, block + 108);
            values(data, block, q);
            int y = xOffset + b * BLOCK;
            for (int s = 0; s < BLOCK / 16; s++) {
                float dl = dAll * (scale(data, block + 96, s) - 32);
                for (int i = 16 * s; i < 16 * s + 16; i++) sum += dl * q[i] * x[y + i];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
