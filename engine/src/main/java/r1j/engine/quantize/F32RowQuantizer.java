package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/** F32: the values as they are (norm weights and biases stay F32 in every llama.cpp mix). */
final class F32RowQuantizer implements RowQuantizer {
    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public void quantize(float[] x, int xOffset, int n, byte[] out, int outOffset) {
        for (int i = 0; i < n; i++) LittleEndian.putFloat(out, outOffset + 4 * i, x[xOffset + i]);
    }
}
