package r1j.engine.nativekernels;

import java.util.Locale;

/** What {@code --kernels} asks for: native when the library loaded ({@code auto}), native or fail, or Java only. */
public enum KernelMode {
    AUTO, NATIVE, JAVA;

    /** Parses the flag value, lower-case as every enum of the CLI and API. */
    public static KernelMode parse(String value) {
        for (KernelMode m : values()) {
            if (m.flag().equals(value.trim().toLowerCase(Locale.ROOT))) return m;
        }
        throw new IllegalArgumentException("--kernels must be auto, native or java, got '" + value + "'");
    }

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
