package r1j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import r1j.engine.model.AwqConfig;

/**
 * vLLM's {@code --quantization}: r1j reads how a model is quantized from the model itself (GGUF tensor types, an AWQ
 * directory's config), so the flag is a check that the model is what the user expects, as vLLM checks it against
 * the checkpoint's config.
 */
final class QuantizationCheck {
    private QuantizationCheck() {
    }

    static void check(String method, Path model) throws IOException {
        if (method == null) return;
        if (!AwqConfig.METHOD.equals(method.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--quantization " + method + " is not supported: r1j loads awq checkpoints"
                    + " and GGUF files of any ggml type (those need no flag)");
        }
        if (!Files.isDirectory(model) || AwqConfig.read(model).isEmpty()) {
            throw new IllegalArgumentException("--quantization awq, but " + model + " is not an AWQ checkpoint"
                    + " (a Hugging Face directory whose config.json has quantization_config.quant_method \"awq\")");
        }
    }
}
