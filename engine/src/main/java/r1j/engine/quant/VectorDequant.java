package r1j.engine.quant;

import static r1j.engine.quant.VectorSupport.BYTE_PARTS;
import static r1j.engine.quant.VectorSupport.FLOATS;
import static r1j.engine.quant.VectorSupport.FLOAT_LANES;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Stores for vectorized dequantization. Each widens byte lanes (small integers) to float lanes exactly and applies
 * the same float operations, in the same order, as the type's scalar loop, so vector and scalar dequantization are
 * bit-identical (Java never fuses a multiply and an add on its own, and neither do these).
 */
final class VectorDequant {
    private VectorDequant() {}

    /** {@code out[o + i] = q[i] * scale} for every byte lane (q read as signed). */
    static void scaled(ByteVector q, float scale, float[] out, int o) {
        for (int p = 0; p < BYTE_PARTS; p++) {
            ((FloatVector) q.convertShape(VectorOperators.B2F, FLOATS, p)).mul(scale).intoArray(out, o + p * FLOAT_LANES);
        }
    }

    /**
     * {@code out[o + i] = (q[i] - bias) * scale}, the bias subtracted after widening: exact for small integers, so
     * the result equals {@code (float) (q - bias) * scale} bit for bit. (A byte-vector {@code sub} falls back to a
     * slow, allocating Java loop in the Vector API on this JDK: 320 MB of garbage per token from Q6_K alone.)
     */
    static void biasedScaled(ByteVector q, float bias, float scale, float[] out, int o) {
        for (int p = 0; p < BYTE_PARTS; p++) {
            ((FloatVector) q.convertShape(VectorOperators.B2F, FLOATS, p)).sub(bias).mul(scale)
                    .intoArray(out, o + p * FLOAT_LANES);
        }
    }

    /** {@code out[o + i] = q[i] * scale - offset} for every byte lane (q read as signed). */
    static void affine(ByteVector q, float scale, float offset, float[] out, int o) {
        for (int p = 0; p < BYTE_PARTS; p++) {
            ((FloatVector) q.convertShape(VectorOperators.B2F, FLOATS, p)).mul(scale).sub(offset)
                    .intoArray(out, o + p * FLOAT_LANES);
        }
    }
}
