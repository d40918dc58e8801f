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
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 80);
            float min = Layouts.fp16(data, block + 82);
            int y = outOffset + b * BLOCK;
            int is = 0;
            for (int half = 0; half < 2; half++) {
                long q = block + 16 + 32 * half;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int sub = 0; sub < 2; sub++) {
                        int sc = Layouts.u8(data, block + is++);
                        float dl = d * (sc & 0xF);
                        float ml = min * (sc >>> 4);
                        for (int l = 0; l < 16; l++) {
                            out[y++] = dl * ((Layouts.u8(data, q + 16 * sub + l) >>> shift) & 3) - ml;
                        }
                    }
                }
            }
        }
    }

    @Override
    public float dotScalar(MemorySegment data, long byteOffset, float[] x, int xOffset, int n) {
        Layouts.checkBlocks(n, BLOCK, "Q2_K");
        float sum = 0f;
        for (int b = 0; b < n / BLOCK; b++) {
            long block = byteOffset + (long) b * BLOCK_BYTES;
            float d = Layouts.fp16(data, block + 80);
            float min = Layouts.fp16(data, block + 82);
            int y = xOffset + b * BLOCK;
            int is = 0;
            for (int half = 0; half < 2; half++) {
                long q = block + 16 + 32 * half;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int sub = 0; sub < 2; sub++) {
                        int sc = Layouts.u8(data, block + is++);
                        float dl = d * (sc & 0xF);
                        float ml = min * (sc >>> 4);
                        for (int l = 0; l < 16; l++) {
                            sum += (dl * ((Layouts.u8(data, q + 16 * sub + l) >>> shift) & 3) - ml) * x[y++];
                        }
                    }
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
