package r1j.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model to load and how much machine to give it. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "PATH|ORG/NAME[:QUANT]",
            description = "A .gguf file, a Hugging Face model directory, or a model on the Hugging Face hub"
                    + " (ORG/NAME, ORG/NAME:Q4_K_M, ORG/NAME:FILE.gguf; pulled into the Hugging Face cache on first use).")
    String model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Compute threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N",
            description = "Context window in tokens (default: 4096, capped at the model's trained context).")
    int contextSize = 4096;

    /** The local file or directory to load: the path itself, or the hub model pulled into the cache. */
    Path path() throws IOException {
        return ModelSource.resolve(model);
    }
}
