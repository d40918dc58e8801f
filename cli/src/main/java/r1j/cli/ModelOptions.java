package r1j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model to load and how much machine to give it. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "PATH",
            description = "A .gguf file or a Hugging Face model directory.")
    Path model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Compute threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N",
            description = "Context window in tokens (default: 4096, capped at the model's trained context).")
    int contextSize = 4096;
}
