package r1j.engine.nativekernels;

import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * Decides which kernels run. The process-wide mode comes from {@code --kernels} (the CLI calls {@link #setMode})
 * or the system property {@code r1j.kernels}, default {@code auto}; the native path is the fastest the CPU runs
 * unless the system property {@code r1j.kernels.path} (a {@link KernelPath} label) names another, which tests use to
 * force each path.
 */
public final class KernelSelector {
    private static volatile KernelMode mode = initialMode();

    private KernelSelector() {}

    private static KernelMode initialMode() {
        String p = System.getProperty("r1j.kernels");
        return p == null || p.isBlank() ? KernelMode.AUTO : KernelMode.parse(p);
    }

    /** Sets the mode for models loaded from now on (one per process: the CLI's {@code --kernels}). */
    public static void setMode(KernelMode m) {
        mode = m;
    }

    public static KernelMode mode() {
        return mode;
    }

    /** The choice for the current mode; {@code --kernels native} without a usable library fails here, saying why. */
    public static KernelChoice current() {
        return choose(mode);
    }

    public static KernelChoice choose(KernelMode m) {
        if (m == KernelMode.JAVA) return KernelChoice.JAVA_REQUESTED;
        if (!NativeLibrary.available()) {
            if (m == KernelMode.NATIVE) {
                throw new IllegalStateException("--kernels native: " + NativeLibrary.unavailableReason());
            }
            return new KernelChoice(null, "java: " + NativeLibrary.unavailableReason());
        }
        String forced = System.getProperty("r1j.kernels.path");
        KernelPath path = forced == null || forced.isBlank() ? NativeLibrary.fastestPath() : KernelPath.parse(forced);
        if (!NativeLibrary.supports(path)) {
            throw new IllegalStateException("native kernel path " + path.label() + " is not supported by this CPU");
        }
        return forPath(path);
    }

    /** Native on exactly {@code path} (tests compare the paths); the CPU must support it. */
    public static KernelChoice forPath(KernelPath path) {
        if (!NativeLibrary.supports(path)) {
            throw new IllegalStateException("native kernel path " + path.label() + " is not available: "
                    + (NativeLibrary.available() ? "the CPU lacks it" : NativeLibrary.unavailableReason()));
        }
        return new KernelChoice(path, "native: " + path.label());
    }

    /** Whether the native kernels serve this tensor's type; other types stay on the Java kernels, tensor by tensor. */
    public static boolean serves(TensorEntry tensor) {
        GgmlType t = tensor.type();
        return (t == GgmlType.Q8_0 || t == GgmlType.Q4_K || t == GgmlType.Q6_K) && tensor.shape().length == 2;
    }
}
