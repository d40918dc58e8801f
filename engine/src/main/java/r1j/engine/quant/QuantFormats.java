package r1j.engine.quant;

import java.util.Arrays;
import java.util.stream.Collectors;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/** The one table from a ggml type to the class that reads it. */
public final class QuantFormats {
    private static final QuantFormat F32 = new F32Format();
    private static final QuantFormat F16 = TwoByteFloatFormat.F16;
    private static final QuantFormat BF16 = TwoByteFloatFormat.BF16;
    private static final QuantFormat Q4_0 = new Q4_0Format();
    private static final QuantFormat Q4_1 = new Q4_1Format();
    private static final QuantFormat Q5_0 = new Q5_0Format();
    private static final QuantFormat Q5_1 = new Q5_1Format();
    private static final QuantFormat Q8_0 = new Q8_0Format();
    private static final QuantFormat Q2_K = new Q2_KFormat();
    private static final QuantFormat Q3_K = new Q3_KFormat();
    private static final QuantFormat Q4_K = new Q4_KFormat();
    private static final QuantFormat Q5_K = new Q5_KFormat();
    private static final QuantFormat Q6_K = new Q6_KFormat();
    private static final QuantFormat IQ4_NL = new IQ4_NLFormat();
    private static final QuantFormat IQ4_XS = new IQ4_XSFormat();

    private QuantFormats() {}

    /** The format of {@code type}; throws {@link UnsupportedTensorTypeException} for a type r1j cannot read. */
    public static QuantFormat of(GgmlType type) {
        QuantFormat format = lookup(type);
        if (format == null) {
            throw new UnsupportedTensorTypeException("ggml type " + type + " is not supported (supported: " + supportedList() + ")");
        }
        return format;
    }

    /** Like {@link #of} but the message names the tensor. */
    public static QuantFormat forTensor(TensorEntry tensor) {
        QuantFormat format = lookup(tensor.type());
        if (format == null) {
            throw new UnsupportedTensorTypeException("tensor '" + tensor.name() + "' has ggml type " + tensor.type()
                    + ", which is not supported (supported: " + supportedList() + ")");
        }
        return format;
    }

    public static boolean isSupported(GgmlType type) {
        return lookup(type) != null;
    }

    private static QuantFormat lookup(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q4_0 -> Q4_0;
            case Q4_1 -> Q4_1;
            case Q5_0 -> Q5_0;
            case Q5_1 -> Q5_1;
            case Q8_0 -> Q8_0;
            case Q2_K -> Q2_K;
            case Q3_K -> Q3_K;
            case Q4_K -> Q4_K;
            case Q5_K -> Q5_K;
            case Q6_K -> Q6_K;
            case IQ4_NL -> IQ4_NL;
            case IQ4_XS -> IQ4_XS;
            default -> null;
        };
    }

    private static String supportedList() {
        return Arrays.stream(GgmlType.values()).filter(QuantFormats::isSupported).map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
