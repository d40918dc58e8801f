package r1j.engine.tensor;

/**
 * The ggml tensor types, numbered as in GGUF files (ggml.h {@code enum ggml_type}).
 *
 * <p>Sizes are written as layout formulas: {@code typeSize} bytes hold {@code blockSize} values.
 * Types r1j cannot read keep their id with {@code supported = false}, so {@link #fromId} stays a table
 * look-up and an unsupported tensor is reported by name rather than as an unknown number.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 2 + 16, true),                       // fp16 d; 32 x 4-bit
    Q4_1(3, 32, 2 + 2 + 16, true),                   // fp16 d, m; 32 x 4-bit
    Q4_2(4, 0, 0, false),                            // removed from ggml
    Q4_3(5, 0, 0, false),                            // removed from ggml
    Q5_0(6, 32, 2 + 4 + 16, true),                   // fp16 d; 32 high bits; 32 x 4-bit
    Q5_1(7, 32, 2 + 2 + 4 + 16, true),               // fp16 d, m; 32 high bits; 32 x 4-bit
    Q8_0(8, 32, 2 + 32, true),                       // fp16 d; 32 x int8
    Q8_1(9, 32, 2 + 2 + 32, false),                  // activation-only type; fp16 d, s (d * sum); 32 x int8
    Q2_K(10, 256, 16 + 64 + 2 + 2, true),            // scales; 256 x 2-bit; fp16 d, dmin
    Q3_K(11, 256, 32 + 64 + 12 + 2, true),           // hmask; 256 x 2-bit; 12 scale bytes; fp16 d
    Q4_K(12, 256, 2 + 2 + 12 + 128, true),           // fp16 d, dmin; 12 scale bytes; 256 x 4-bit
    Q5_K(13, 256, 2 + 2 + 12 + 32 + 128, true),      // fp16 d, dmin; scales; high bits; 256 x 4-bit
    Q6_K(14, 256, 128 + 64 + 16 + 2, true),          // low 4 bits; high 2 bits; int8 scales; fp16 d
    Q8_K(15, 256, 4 + 256 + 32, false),              // activation-only type
    IQ2_XXS(16, 256, 2 + 64, false),
    IQ2_XS(17, 256, 2 + 64 + 8, false),
    IQ3_XXS(18, 256, 2 + 96, false),
    IQ1_S(19, 256, 2 + 32 + 16, false),
    IQ4_NL(20, 32, 2 + 16, true),                    // fp16 d; 32 x 4-bit indices into a non-linear table
    IQ3_S(21, 256, 2 + 64 + 32 + 8 + 4, false),
    IQ2_S(22, 256, 2 + 64 + 16, false),
    IQ4_XS(23, 256, 2 + 2 + 4 + 128, true),          // fp16 d; 16-bit high scales; 4 low scale bytes; 256 x 4-bit
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    IQ1_M(29, 256, 32 + 16 + 8, false),
    BF16(30, 1, 2, true),
    // 31..33 (Q4_0_4_4, Q4_0_4_8, Q4_0_8_8) were removed from GGUF files
    TQ1_0(34, 256, 48 + 4 + 2, false),               // ternary: base-3 packed qs; qh; fp16 d
    TQ2_0(35, 256, 64 + 2, false),                   // ternary: 2-bit qs; fp16 d
    // 36..38 (IQ4_NL_4_4, IQ4_NL_4_8, IQ4_NL_8_8) were removed from GGUF files
    MXFP4(39, 32, 1 + 16, false);                    // e8m0 shared exponent; 32 x 4-bit e2m1

    private static final GgmlType[] BY_ID = new GgmlType[40];

    static {
        for (GgmlType t : values()) BY_ID[t.id] = t;
    }

    public final int id;
    public final int blockSize;
    public final int typeSize;
    public final boolean supported;

    GgmlType(int id, int blockSize, int typeSize, boolean supported) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
        this.supported = supported;
    }

    /** The type with this GGUF id, or null when the id names no type r1j knows. */
    public static GgmlType fromId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Bytes taken by {@code elements} values; {@code elements} must be a whole number of blocks. */
    public long bytesFor(long elements) {
        if (blockSize == 0 || elements % blockSize != 0) {
            throw new IllegalArgumentException(elements + " values are not a whole number of " + this + " blocks of " + blockSize);
        }
        return elements / blockSize * typeSize;
    }
}
