package r1j.engine.nativekernels;

/**
 * The kernels one model runs: native on {@code path}, or Java, with the reason in {@link #description()} (the
 * start-up line, e.g. {@code native: avx512-vnni} or {@code java: no native library (no C compiler at build time)}).
 *
 * @param path null for the Java kernels
 */
public record KernelChoice(KernelPath path, String description) {

    public static final KernelChoice JAVA_REQUESTED = new KernelChoice(null, "java: --kernels java");

    public boolean isNative() {
        return path != null;
    }

    /** {@code native} or {@code java}, for {@code bench --json}. */
    public String kind() {
        return isNative() ? "native" : "java";
    }
}
