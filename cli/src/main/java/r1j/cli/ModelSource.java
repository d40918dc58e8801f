package r1j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import r1j.hub.HubSettings;
import r1j.hub.ModelHub;
import r1j.hub.ModelReference;
import r1j.hub.PulledModel;

/**
 * What {@code --model} names: a local file or directory when one exists at that path (the hub is never asked),
 * otherwise a hub reference ({@code ORG/NAME[:QUANT]}) resolved through the Hugging Face cache, pulled on first use.
 */
final class ModelSource {
    /**
     * {@code serve}'s model when none is given: bartowski's GGUF conversion of DeepSeek-R1-Distill-Qwen-1.5B, quantized
     * by llama.cpp's own llama-quantize (with an importance matrix) and keeping the model's chat template and tokenizer
     * as DeepSeek published them; ungated, so it needs no token.
     */
    static final String DEFAULT_MODEL = "bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M";

    private ModelSource() {
    }

    static Path resolve(String model) throws IOException {
        Optional<Path> local = localPath(model);
        if (local.isPresent()) return local.get();
        ModelReference ref = ModelReference.parse(model).orElseThrow(() -> new IOException("model not found: " + model
                + " (no such file or directory; a model on the Hugging Face hub is written ORG/NAME or ORG/NAME:QUANT)"));
        PulledModel pulled = hub().pull(ref);
        System.err.printf("r1j: %s is %s%s%n", ref, pulled.path(), pulled.fromCache() ? " (from the cache, hub not asked)" : "");
        return pulled.path();
    }

    private static Optional<Path> localPath(String model) {
        try {
            Path path = Path.of(model);
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The hub as this process's environment configures it, drawing its progress bar on stderr. */
    static ModelHub hub() {
        java.io.Console console = System.console();
        return new ModelHub(HubSettings.fromEnvironment(), System.err, console != null && console.isTerminal());
    }
}
