package r1j.engine.quant;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.ShortVector;
import org.junit.jupiter.api.Test;

/** The vector half-to-float widening in {@link TwoByteFloatFormat} against {@link Float#float16ToFloat}, for every half. */
class HalfToFloatVectorTest {

    @Test
    void widens_all_65536_halves_exactly() {
        assumeTrue(VectorSupport.ENABLED, "vector kernels are off");
        short[] halves = new short[1 << 16];
        for (int i = 0; i < halves.length; i++) halves[i] = (short) i;
        float[] widened = new float[halves.length];
        int lanes = VectorSupport.SHORTS.length();
        for (int i = 0; i < halves.length; i += lanes) {
            TwoByteFloatFormat.halfToFloat(ShortVector.fromArray(VectorSupport.SHORTS, halves, i)).intoArray(widened, i);
        }
        for (int i = 0; i < halves.length; i++) {
            int expected = Float.floatToRawIntBits(Float.float16ToFloat(halves[i]));
            int actual = Float.floatToRawIntBits(widened[i]);
            if (actual != expected) fail("half 0x%04x widened to 0x%08x, expected 0x%08x", i, actual, expected);
        }
    }
}
