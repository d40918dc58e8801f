package r1j.engine.quant;

import java.lang.foreign.MemorySegment;
import r1j.engine.tensor.GgmlType;

/**
 * Q2_K ({@code block_q2_K}, 84 bytes for a super-block of 256 values in 16 sub-blocks of 16):
 * <pre>
 *   0  uint8 scales[16]  per sub-block: low nibble scale, high nibble min
 *  16  uint8 qs[64]      2-bit values; each 128-value half uses 32 bytes, four 2-bit planes (shift 0, 2, 4, 6)
 *                        of 32 values each, bytes 0..15 and 16..31 of a plane being two sub-blocks
 *  80  ggml_half d       super-block scale of the scales
 *  82  ggml_half dmin    super-block scale of the mins
 *  value = (d * scale) * q - (dmin * min)
 * </pre>
 */
final class Q2_KFormat implements QuantFormat {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 84;

    @Override
    public GgmlType type() {
        return GgmlType.Q2_K;
    }

    @Override
    public void dequantize(MemorySegment data, long byteOffset, float[] out, int outOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q2_K");
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 80);
            float min = Layouts.fp16(data, block + 82);
            values(data, block, q);
            int y = outOffset + b * BLOCK;
            for (int s = 0; s < BLOCK / 16; s++) {
                int sc = Layouts.u8(data, block + s);
                float dl = d * (sc & 0xF);
                float ml = min * (sc >>> 4);
                for (int i = 16 * s; i < 16 * s + 16; i++) out[y + i] = dl * q[i] - ml;
            }
        }
    }

    /**
     * The 256 2-bit values of the super-block at {@code block}, in value order. Per 128-value half h, byte l of the
     * half's 32 {@code qs} bytes holds values l, l+32, l+64, l+96 in bits 0-1, 2-3, 4-5, 6-7.
     */
    static void values(MemorySegment data, long block, int[] q) {
        for (int half = 0; half < 2; half++) {
            long qs = block + 16 + 32 * half;
            int y = 128 * half;
            for (int l = 0; l < 32; l++) {
                int bits = Layouts.u8(data, qs + l);
                q[y + l] = bits & 3;
                q[y + l + 32] = bits >>> 2 & 3;
                q[y + l + 64] = bits >>> 4 & 3;
                q[y + l + 96] = bits >>> 6;
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q2_K");
        float sum = 0f;
        int[] q = new int[BLOCK];
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 80);
            float min = Layouts.fp16(data, block + 82);
            values(data, block, q);
            int y = xOffset + b * BLOCK;
            for (int s = 0; s < BLOCK / 16; s++) {
                int sc = Layouts.u8(data, block + s);
                float dl = d * (sc & 0xF);
                float ml = min * (sc >>> 4);
                for (int i = 16 * s; i < 16 * s + 16; i++) sum += (dl * q[i] - ml) * x[y + i];
            }
        }
        return sum;
    }

    @Override
    public float dot(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        return dotScalar(data, byteOffset, x, xOffset, n);
    }
}
