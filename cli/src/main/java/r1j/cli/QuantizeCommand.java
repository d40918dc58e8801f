package r1j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import r1j.engine.quantize.ModelQuantizer;
import r1j.engine.quantize.QuantMix;
import r1j.engine.tensor.GgmlType;

/** {@code r1j quantize IN OUT TYPE}: a GGUF of another type from a GGUF or a Hugging Face directory, as llama-quantize. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Write a GGUF of file type TYPE from a GGUF file or a Hugging Face model directory, typing each"
                + " tensor as llama-quantize does.")
final class QuantizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "A .gguf file or a Hugging Face model directory.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.gguf", description = "File to write (replaced if it exists; never IN).")
    Path out;

    @Parameters(index = "2", paramLabel = "TYPE",
            description = "File type, case-insensitive: F32, F16, BF16, Q8_0, Q4_0, Q4_K_M, Q5_K_M, Q6_K.")
    String type;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Threads quantizing (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        QuantMix mix = QuantMix.parse(type);
        long start = System.nanoTime();
        ModelQuantizer.Summary summary = ModelQuantizer.quantize(in, out, new ModelQuantizer.Settings(mix, threads),
                new ModelQuantizer.Listener() {
                    @Override
                    public void tensor(int index, int count, String name, GgmlType from, GgmlType to) {
                        System.err.printf("\r[%3d/%3d] %-28s %5s -> %-5s", index + 1, count, name, from, to);
                    }

                    @Override
                    public void warning(String message) {
                        System.err.println("r1j: warning: " + message);
                    }
                });
        System.err.println();
        System.err.printf("wrote %s (%s): %.1f MiB, tensors %s, %.1f s%n", summary.file(), mix,
                summary.fileBytes() / (double) (1L << 20), summary.tensorsByType(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
