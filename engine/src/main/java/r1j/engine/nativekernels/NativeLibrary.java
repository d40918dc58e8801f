package r1j.engine.nativekernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads {@code libr1jk} once per process and holds its downcalls. The handles are {@code static final} so the JIT
 * treats them as constants: an {@code invokeExact} through a non-constant handle costs a measurable share of a
 * decode step, called a few hundred times per token.
 *
 * <p>Where the library comes from, first found wins: the system property {@code r1j.native.library} (a path), then
 * the engine's class path resource {@code r1j/native/libr1jk-ARCH.so} that the build puts there (used in place from
 * a directory, copied to a temporary file from a jar). When it is absent, {@link #unavailableReason()} says why.
 *
 * <p>The matmul and quantize calls are {@linkplain Linker.Option#critical(boolean) critical} with heap access: they
 * are short, never block, and take the engine's float arrays directly, so no copy and no thread-state transition.
 * Every bound is checked by the caller ({@link NativeMatrix}) before a call.
 */
public final class NativeLibrary {
    private static final int ABI_VERSION = 4;
    private static final String RESOURCE_DIR = "r1j/native/";

    private static final String UNAVAILABLE;
    private static final int PATHS;
    private static final MethodHandle ALLOC;
    private static final MethodHandle FREE;
    private static final MethodHandle REPACKED_BYTES;
    private static final MethodHandle ACTIVATION_BYTES;
    private static final MethodHandle REPACK;
    private static final MethodHandle QUANTIZE;
    private static final MethodHandle MATMUL;

    static {
        String reason = null;
        int paths = 0;
        MethodHandle alloc = null, free = null;
        MethodHandle repackedBytes = null, activationBytes = null, repack = null, quantize = null, matmul = null;
        try {
            Path file = locate();
            SymbolLookup lib = SymbolLookup.libraryLookup(file, Arena.global());
            Linker linker = Linker.nativeLinker();
            var I = ValueLayout.JAVA_INT;
            var J = ValueLayout.JAVA_LONG;
            var P = ValueLayout.ADDRESS;
            Linker.Option critical = Linker.Option.critical(true);
            int version = (int) linker.downcallHandle(lib.findOrThrow("r1jk_abi_version"), FunctionDescriptor.of(I))
                    .invokeExact();
            if (version != ABI_VERSION) {
                throw new IllegalStateException("library " + file + " has ABI version " + version + ", expected " + ABI_VERSION);
            }
            paths = (int) linker.downcallHandle(lib.findOrThrow("r1jk_paths"), FunctionDescriptor.of(I)).invokeExact();
            alloc = linker.downcallHandle(lib.findOrThrow("r1jk_alloc"), FunctionDescriptor.of(P, J));
            free = linker.downcallHandle(lib.findOrThrow("r1jk_free"), FunctionDescriptor.ofVoid(P, J));
            repackedBytes = linker.downcallHandle(lib.findOrThrow("r1jk_repacked_bytes"), FunctionDescriptor.of(J, I, I, I));
            activationBytes = linker.downcallHandle(lib.findOrThrow("r1jk_activation_bytes"), FunctionDescriptor.of(J, I, I));
            repack = linker.downcallHandle(lib.findOrThrow("r1jk_repack"), FunctionDescriptor.of(I, I, P, I, I, P));
            quantize = linker.downcallHandle(lib.findOrThrow("r1jk_quantize"),
                    FunctionDescriptor.ofVoid(I, P, I, I, P), critical);
            matmul = linker.downcallHandle(lib.findOrThrow("r1jk_matmul"),
                    FunctionDescriptor.of(I, I, I, P, I, I, I, I, P, I, P, I), critical);
        } catch (Throwable t) {
            reason = t instanceof MissingLibraryException ? t.getMessage() : "native library failed to load: " + t;
        }
        UNAVAILABLE = reason;
        PATHS = reason == null ? paths : 0;
        ALLOC = alloc;
        FREE = free;
        REPACKED_BYTES = repackedBytes;
        ACTIVATION_BYTES = activationBytes;
        REPACK = repack;
        QUANTIZE = quantize;
        MATMUL = matmul;
    }

    private NativeLibrary() {}

    /** Null when the library loaded, else why not (for the start-up line). */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Whether this CPU runs {@code path} (false for every path when the library is not loaded). */
    public static boolean supports(KernelPath path) {
        return (PATHS & (1 << path.id())) != 0;
    }

    static KernelPath fastestPath() {
        return KernelPath.fastestIn(PATHS);
    }

    /**
     * {@code bytes} of zeroed native memory on huge-page boundaries (see {@code r1jk_alloc}), freed when {@code
     * arena} closes or, for an automatic arena, when the segment is no longer reachable.
     */
    static MemorySegment allocate(long bytes, Arena arena) {
        MemorySegment raw;
        try {
            raw = (MemorySegment) ALLOC.invokeExact(bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (raw.equals(MemorySegment.NULL)) throw new OutOfMemoryError("cannot map " + bytes + " bytes for repacked weights");
        return raw.reinterpret(bytes, arena, segment -> free(segment, bytes));
    }

    private static void free(MemorySegment segment, long bytes) {
        try {
            FREE.invokeExact(segment, bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long repackedBytes(int type, int rows, int cols) {
        try {
            return (long) REPACKED_BYTES.invokeExact(type, rows, cols);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long activationBytes(int type, int cols) {
        try {
            return (long) ACTIVATION_BYTES.invokeExact(type, cols);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int repack(int type, MemorySegment src, int rows, int cols, MemorySegment dst) {
        try {
            return (int) REPACK.invokeExact(type, src, rows, cols, dst);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void quantize(int type, MemorySegment x, int inputs, int cols, MemorySegment dst) {
        try {
            QUANTIZE.invokeExact(type, x, inputs, cols, dst);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int matmul(int path, int type, MemorySegment w, int rows, int cols, int groupFrom, int groupTo,
            MemorySegment act, int inputs, MemorySegment out, int outStride) {
        try {
            return (int) MATMUL.invokeExact(path, type, w, rows, cols, groupFrom, groupTo, act, inputs, out, outStride);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** Missing for an expected reason (no build, other architecture): reported as is, not as a failure. */
    private static final class MissingLibraryException extends Exception {
        MissingLibraryException(String message) {
            super(message, null, false, false);
        }
    }

    private static Path locate() throws IOException, MissingLibraryException {
        String override = System.getProperty("r1j.native.library");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isRegularFile(p)) throw new MissingLibraryException("no native library at r1j.native.library=" + p);
            return p;
        }
        String arch = arch();
        String name = "libr1jk-" + arch + ".so";
        ClassLoader loader = NativeLibrary.class.getClassLoader();
        URL url = loader.getResource(RESOURCE_DIR + name);
        if (url == null) {
            URL status = loader.getResource(RESOURCE_DIR + "build-status.txt");
            if (status != null) {
                try (InputStream in = status.openStream()) {
                    throw new MissingLibraryException("no native library (" + new String(in.readAllBytes()).trim() + ")");
                }
            }
            throw new MissingLibraryException("no native library for " + System.getProperty("os.name") + " " + arch
                    + " in this build");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        // Inside a jar: the dynamic loader needs a file.
        Path tmp = Files.createTempFile("libr1jk-", ".so");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }

    private static String arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> a;
        };
    }
}
