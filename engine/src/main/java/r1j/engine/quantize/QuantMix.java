package r1j.engine.quantize;

import java.util.Arrays;
import java.util.Locale;
import r1j.engine.tensor.GgmlType;

/**
 * A file type as {@code llama-quantize} names it (its {@code llama_ftype}) and the ggml type it picks for each
 * tensor, following {@code llama_tensor_get_type} in llama.cpp's {@code src/llama-quant.cpp} for the dense
 * (non-expert) Qwen2 models r1j runs, without an importance matrix:
 * <ul>
 *   <li>only 2-D tensors whose name ends in {@code weight} and is not a {@code _norm.weight} are quantized;
 *       the others (norms, biases) stay F32; F32, F16 and BF16 give every quantizable tensor that type;</li>
 *   <li>{@code output.weight} (or {@code token_embd.weight} when the model has no output tensor, i.e. ties them)
 *       becomes Q8_0 if its rows do not fit the base type's blocks, stays Q8_0 for Q8_0, and is Q6_K otherwise;</li>
 *   <li>Q4_K_M and Q5_K_M: {@code attn_v} and {@code ffn_down} become Q6_K on the "more bits" layers
 *       ({@link #usesMoreBits}); everything else, {@code token_embd} included, gets the base type;</li>
 *   <li>a type whose block does not divide the row length falls back as {@code tensor_type_fallback} does
 *       (Q4_K to Q5_0, Q5_K to Q5_1, Q6_K to Q8_0, Q2_K/Q3_K to Q4_0), and to F16 when even that does not fit.</li>
 * </ul>
 * llama.cpp counts {@code attn_v}/{@code ffn_down} tensors in file order rather than reading the layer number; for
 * a dense model with one of each per layer the two are the same, so the layer number from the name is used here.
 */
public enum QuantMix {
    F32(0, GgmlType.F32),
    F16(1, GgmlType.F16),
    BF16(32, GgmlType.BF16),
    Q8_0(7, GgmlType.Q8_0),
    Q4_0(2, GgmlType.Q4_0),
    Q4_K_M(15, GgmlType.Q4_K),
    Q5_K_M(17, GgmlType.Q5_K),
    Q6_K(18, GgmlType.Q6_K);

    /** The {@code general.file_type} value ({@code enum llama_ftype}). */
    public final int fileType;
    /** The type most quantized tensors get. */
    public final GgmlType baseType;

    QuantMix(int fileType, GgmlType baseType) {
        this.fileType = fileType;
        this.baseType = baseType;
    }

    /** Case-insensitive; an unknown name fails listing the known ones. */
    public static QuantMix parse(String name) {
        String wanted = name.toUpperCase(Locale.ROOT);
        for (QuantMix m : values()) {
            if (m.name().equals(wanted)) return m;
        }
        throw new IllegalArgumentException("unknown type '" + name + "' (valid: " + Arrays.toString(values()) + ")");
    }

    private boolean quantized() {
        return baseType.blockSize > 1;
    }

    /**
     * The ggml type of tensor {@code name} with ggml shape {@code shape} ({@code shape[0]} the row length) in an
     * untied model (one with an {@code output.weight}) of {@code layers} layers.
     */
    public GgmlType typeFor(String name, long[] shape, int layers) {
        return typeFor(name, shape, layers, false);
    }

    /**
     * As {@link #typeFor(String, long[], int)}; {@code tiedEmbeddings} says the model has no {@code output.weight},
     * so {@code token_embd.weight} serves as the output and is typed like one.
     */
    public GgmlType typeFor(String name, long[] shape, int layers, boolean tiedEmbeddings) {
        boolean quantizable = shape.length >= 2 && name.endsWith("weight") && !name.contains("_norm.weight");
        if (!quantizable) return GgmlType.F32;
        if (!quantized()) return baseType;
        long rowLength = shape[0];
        GgmlType type = baseType;
        boolean isOutput = name.equals("output.weight") || (tiedEmbeddings && name.equals("token_embd.weight"));
        if (isOutput) {
            if (rowLength % baseType.blockSize != 0) type = GgmlType.Q8_0;
            else if (baseType != GgmlType.Q8_0) type = GgmlType.Q6_K;
        } else if ((this == Q4_K_M || this == Q5_K_M) && (name.contains(".attn_v.") || name.contains(".ffn_down."))) {
            if (usesMoreBits(layerOf(name), layers)) type = GgmlType.Q6_K;
        }
        return fallback(type, rowLength);
    }

    /**
     * llama.cpp's {@code use_more_bits}: the first and last eighth of the layers and every third layer between.
     * For 28 layers: 0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26, 27.
     */
    public static boolean usesMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static GgmlType fallback(GgmlType type, long rowLength) {
        if (rowLength % type.blockSize == 0) return type;
        GgmlType smaller = switch (type) {
            case Q2_K, Q3_K -> GgmlType.Q4_0;
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> type; // already a 32-block type: nothing smaller to demote to
        };
        return rowLength % smaller.blockSize == 0 ? smaller : GgmlType.F16;
    }

    private static int layerOf(String name) {
        if (!name.startsWith("blk.")) throw new IllegalArgumentException("tensor '" + name + "' is not in a layer (blk.N.)");
        int end = name.indexOf('.', 4);
        try {
            return Integer.parseInt(name.substring(4, end));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tensor '" + name + "' has no layer number after 'blk.'", e);
        }
    }
}
