package r1j.engine.quantize;

import java.util.Arrays;
import java.util.stream.Collectors;
import r1j.engine.tensor.GgmlType;

/** The quantizer of each ggml type r1j can write. */
public final class RowQuantizers {
    private static final RowQuantizer F32 = new F32RowQuantizer();
    private static final RowQuantizer F16 = new F16RowQuantizer();
    private static final RowQuantizer BF16 = new BF16RowQuantizer();
    private static final RowQuantizer Q8_0 = new Q8_0Quantizer();
    private static final RowQuantizer Q4_0 = new Q4_0Quantizer();
    private static final RowQuantizer Q5_0 = new Q5_0Quantizer();
    private static final RowQuantizer Q5_1 = new Q5_1Quantizer();
    private static final RowQuantizer Q4_K = new Q4_KQuantizer();
    private static final RowQuantizer Q5_K = new Q5_KQuantizer();
    private static final RowQuantizer Q6_K = new Q6_KQuantizer();

    private RowQuantizers() {}

    /** @throws UnsupportedOperationException for a type r1j cannot write yet */
    public static RowQuantizer of(GgmlType type) {
        RowQuantizer q = lookup(type);
        if (q == null) {
            throw new UnsupportedOperationException("r1j cannot write " + type + " tensors yet (writable: "
                    + writableList() + ")");
        }
        return q;
    }

    public static boolean canWrite(GgmlType type) {
        return lookup(type) != null;
    }

    private static RowQuantizer lookup(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q8_0 -> Q8_0;
            case Q4_0 -> Q4_0;
            case Q5_0 -> Q5_0;
            case Q5_1 -> Q5_1;
            case Q4_K -> Q4_K;
            case Q5_K -> Q5_K;
            case Q6_K -> Q6_K;
            default -> null;
        };
    }

    private static String writableList() {
        return Arrays.stream(GgmlType.values()).filter(RowQuantizers::canWrite).map(Enum::name)
                .collect(Collectors.joining(", "));
    }

    static void checkBlocks(int n, int blockSize, GgmlType type) {
        if (n < 0 || n % blockSize != 0) {
            throw new IllegalArgumentException(n + " values are not a whole number of " + type + " blocks of " + blockSize);
        }
    }
}
