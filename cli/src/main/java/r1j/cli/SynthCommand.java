package r1j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import r1j.engine.quantize.QuantMix;
import r1j.engine.synth.ModelShape;
import r1j.engine.synth.SyntheticModel;

/** {@code r1j synth}: writes a random-weight model of a real shape, the benchmark model (speed ignores weight values). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a random-weight GGUF with a real model's exact shape and tokenizer, for benchmarks.")
final class SynthCommand implements Callable<Integer> {
    /** Where the real tokenizer lives relative to the directory above the repository (see shared/reference/README.md). */
    private static final String DEFAULT_TOKENIZER = "shared/reference/tokenizer/deepseek-r1-distill-qwen-vocab.gguf";

    @Option(names = "--shape", paramLabel = "NAME", defaultValue = "deepseek-r1-distill-qwen-1.5b",
            description = "Model shape (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "File type as llama-quantize names it: F32, F16, Q8_0, Q4_K_M, Q6_K.")
    String type;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tokenizer", paramLabel = "GGUF",
            description = "GGUF whose tokenizer.* keys are copied (default: " + DEFAULT_TOKENIZER + " found above the working directory).")
    Path tokenizer;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Threads drawing and quantizing (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Parameters(index = "0", paramLabel = "OUT.gguf", description = "File to write (replaced if it exists).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path tokenizerSource = tokenizer != null ? tokenizer : findDefaultTokenizer();
        SyntheticModel.Settings settings = new SyntheticModel.Settings(
                ModelShape.named(shape), QuantMix.parse(type), seed, tokenizerSource, threads);
        long start = System.nanoTime();
        SyntheticModel.Summary summary = SyntheticModel.write(settings, out, (index, count, name, tensorType) -> {
            if (index % 24 == 0 || index == count - 1) {
                System.err.printf("\r[%3d/%3d] %-28s %-5s", index + 1, count, name, tensorType);
            }
        });
        System.err.println();
        System.err.printf("wrote %s: %.2f GiB, %,d parameters, tensors %s, %.1f s%n", summary.file(),
                summary.fileBytes() / (double) (1L << 30), summary.parameters(), summary.tensorsByType(),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static Path findDefaultTokenizer() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DEFAULT_TOKENIZER);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalArgumentException(DEFAULT_TOKENIZER + " not found above " + Path.of("").toAbsolutePath()
                + "; give --tokenizer GGUF");
    }
}
