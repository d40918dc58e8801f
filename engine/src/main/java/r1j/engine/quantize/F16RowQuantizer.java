package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/** F16: each value rounded to IEEE half precision (nearest even; overflow becomes infinity, as in ggml). */
final class F16RowQuantizer implements RowQuantizer {
    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        for (int i = 0; i < n; i++) LittleEndian.putHalf(out, outOffset + 2 * i, x[xOffset + i]);
    }
}
