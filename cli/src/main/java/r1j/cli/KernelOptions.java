package r1j.cli;

import picocli.CommandLine.Option;
import r1j.engine.nativekernels.KernelMode;
import r1j.engine.nativekernels.KernelSelector;

/** {@code --kernels auto|native|java}: which matmul kernels run (see the README's "Native kernels"). */
final class KernelOptions {
    @Option(names = "--kernels", paramLabel = "auto|native|java",
            description = "Matmul kernels: native when the native library loaded (auto, the default), native or fail,"
                    + " or the pure-Java kernels.")
    String kernels = "auto";

    /** Sets the process-wide mode; call before loading the model. */
    void apply() {
        KernelSelector.setMode(KernelMode.parse(kernels));
    }
}
