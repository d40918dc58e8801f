package r1j.engine.quantize;

import r1j.engine.tensor.GgmlType;

/** The quantizer of each ggml type r1j can write. */
public final class RowQuantizers {
    private static final RowQuantizer F32 = new F32RowQuantizer();
    private static final RowQuantizer F16 = new F16RowQuantizer();
    private static final RowQuantizer Q8_0 = new Q8_0Quantizer();
    private static final RowQuantizer Q4_K = new Q4_KQuantizer();
    private static final RowQuantizer Q6_K = new Q6_KQuantizer();

    private RowQuantizers() {}

    /** @throws UnsupportedOperationException for a type r1j cannot write yet */
    public static RowQuantizer of(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case Q8_0 -> Q8_0;
            case Q4_K -> Q4_K;
            case Q6_K -> Q6_K;
            default -> throw new UnsupportedOperationException("r1j cannot write " + type + " tensors yet (writable: "
                    + "F32, F16, Q8_0, Q4_K, Q6_K)");
        };
    }

    public static boolean canWrite(GgmlType type) {
        return switch (type) {
            case F32, F16, Q8_0, Q4_K, Q6_K -> true;
            default -> false;
        };
    }

    static void checkBlocks(int n, int blockSize, GgmlType type) {
        if (n < 0 || n % blockSize != 0) {
            throw new IllegalArgumentException(n + " values are not a whole number of " + type + " blocks of " + blockSize);
        }
    }
}
