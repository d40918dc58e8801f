package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/**
 * BF16: the top 16 bits of each float32, rounded to nearest even as ggml's {@code GGML_FP32_TO_BF16} (its
 * {@code ggml_fp32_to_bf16_row_ref}, which llama-quantize uses): add 0x7fff plus the lowest kept bit, then
 * truncate. A NaN keeps its top bits with the quiet bit forced, so rounding cannot turn it into infinity.
 */
final class BF16RowQuantizer implements RowQuantizer {
    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            int bits = toBf16Bits(x[xOffset + i]);
            out[outOffset + 2 * i] = (byte) bits;
            out[outOffset + 2 * i + 1] = (byte) (bits >>> 8);
        }
    }

    static int toBf16Bits(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) return ((bits >>> 16) | 64) & 0xFFFF;
        return ((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 16) & 0xFFFF;
    }
}
