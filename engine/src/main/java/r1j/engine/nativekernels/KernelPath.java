package r1j.engine.nativekernels;

/**
 * The native library's code paths, numbered as {@code R1JK_PATH_*} in {@code r1jk.h} (the ordinal is the id, so
 * constants are only ever added at the end). All give bit-identical results; they differ only in speed. NEON is
 * aarch64's only vector path and never shares a mask with the x86 ones, so declaration order still ranks speed.
 */
public enum KernelPath {
    PORTABLE("portable"), AVX2("avx2"), AVX2_VNNI("avx2-vnni"), AVX512_VNNI("avx512-vnni"), NEON("neon");

    private final String label;

    KernelPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The id the C side takes. */
    int id() {
        return ordinal();
    }

    /** The fastest path in a {@code r1jk_paths()} mask. */
    static KernelPath fastestIn(int mask) {
        KernelPath best = PORTABLE;
        for (KernelPath p : values()) if ((mask & (1 << p.id())) != 0) best = p;
        return best;
    }

    public static KernelPath parse(String label) {
        for (KernelPath p : values()) if (p.label.equals(label)) return p;
        throw new IllegalArgumentException("unknown native kernel path '" + label + "'");
    }
}
