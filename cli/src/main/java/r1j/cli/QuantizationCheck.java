package r1j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Arrays;
import java.util.stream.Collectors;
import r1j.engine.model.AwqConfig;
import r1j.engine.quant.QuantFormats;
import r1j.engine.safetensors.SafetensorsFile;
import r1j.engine.tensor.GgmlType;

/**
 * vLLM's {@code --quantization}: r1j reads how a model is quantized from the model itself (GGUF tensor types, an AWQ
 * directory's config), so the flag is a check that the model is what the user expects, as vLLM checks it against
 * the checkpoint's config.
 */
final class QuantizationCheck {
    private QuantizationCheck() {
    }

    /** Refuses a method r1j cannot load, before anything is resolved or loaded. */
    static void checkMethod(String method) {
        if (method != null && !AwqConfig.METHOD.equals(method.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--quantization " + method + " is not supported: r1j loads awq"
                    + " checkpoints, GGUF files of the types " + ggufTypes() + " (make one with 'r1j quantize'; they"
                    + " need no flag) and safetensors directories in " + String.join(", ", SafetensorsFile.DTYPES));
        }
    }

    static void check(String method, Path model) throws IOException {
        checkMethod(method);
        if (method == null) return;
        if (!Files.isDirectory(model) || AwqConfig.read(model).isEmpty()) {
            throw new IllegalArgumentException("--quantization awq, but " + model + " is not an AWQ checkpoint"
                    + " (a Hugging Face directory whose config.json has quantization_config.quant_method \"awq\")");
        }
    }

    private static String ggufTypes() {
        return Arrays.stream(GgmlType.values()).filter(QuantFormats::isSupported).map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
