package r1j.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An AWQ checkpoint's quantization settings: {@code quantization_config} in {@code config.json} (transformers,
 * vLLM) or AutoAWQ's older {@code quant_config.json} ({@code w_bit}, {@code q_group_size}). r1j reads the layout
 * vLLM's {@code --quantization awq} runs: 4-bit, with zero points, GEMM packing; other variants are refused by name.
 *
 * @param groupSize input values sharing one scale and zero point (128 in most checkpoints)
 */
public record AwqConfig(int groupSize) {
    public static final String METHOD = "awq";
    static final String LEGACY_FILE = "quant_config.json";

    /** The AWQ settings of a model directory, or empty when it is not an AWQ checkpoint. */
    public static Optional<AwqConfig> read(Path directory) throws IOException {
        Path configFile = directory.resolve(HfCheckpoint.CONFIG);
        JsonNode q = Files.isRegularFile(configFile) ? HfJsonFields.read(configFile).node("quantization_config") : null;
        Path source = configFile;
        if (q == null && Files.isRegularFile(directory.resolve(LEGACY_FILE))) {
            source = directory.resolve(LEGACY_FILE);
            q = HfJsonFields.read(source).root();
            if (!q.has("quant_method")) return Optional.of(parse(source, q));   // AutoAWQ wrote only AWQ files
        }
        if (q == null) return Optional.empty();
        String method = q.path("quant_method").asText("");
        if (!METHOD.equalsIgnoreCase(method)) {
            throw new UnsupportedModelException(source + ": quantization method '" + method
                    + "' is not supported (r1j reads awq checkpoints, and GGUF files of any ggml type)");
        }
        return Optional.of(parse(source, q));
    }

    private static AwqConfig parse(Path source, JsonNode q) {
        int bits = firstInt(q, "bits", "w_bit", 4);
        int group = firstInt(q, "group_size", "q_group_size", 128);
        boolean zeroPoint = q.path("zero_point").asBoolean(true);
        String version = q.path("version").asText("gemm").toLowerCase(Locale.ROOT);
        if (bits != 4) throw new UnsupportedModelException(source + ": AWQ with " + bits + " bits; r1j reads 4-bit AWQ");
        if (!zeroPoint) throw new UnsupportedModelException(source + ": AWQ without zero points is not supported");
        if (!version.equals("gemm")) {
            throw new UnsupportedModelException(source + ": AWQ version '" + version + "' packs weights differently;"
                    + " r1j reads the GEMM packing (what vLLM's --quantization awq loads)");
        }
        if (group <= 0 || group % 32 != 0) {
            throw new UnsupportedModelException(source + ": AWQ group size " + group + " is not a multiple of 32");
        }
        return new AwqConfig(group);
    }

    private static int firstInt(JsonNode q, String name, String legacyName, int fallback) {
        JsonNode v = q.has(name) ? q.get(name) : q.get(legacyName);
        return v == null || v.isNull() ? fallback : v.asInt();
    }
}
