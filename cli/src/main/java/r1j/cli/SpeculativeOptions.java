package r1j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Set;
import picocli.CommandLine.Option;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * Speculative decoding flags of {@code serve}, {@code generate} and {@code bench}: r1j's own
 * ({@code --speculative ngram --draft-max N --ngram-min N --ngram-max N}, llama.cpp's {@code --draft-max} name) and
 * vLLM's {@code --speculative-config '{"method": "ngram", "num_speculative_tokens": 5, "prompt_lookup_max": 4}'}.
 * The separate flags override what the JSON says.
 */
final class SpeculativeOptions {
    /** The vLLM keys r1j reads; any other key is an error rather than silently ignored. */
    private static final Set<String> VLLM_KEYS = Set.of("method", "num_speculative_tokens", "prompt_lookup_max",
            "prompt_lookup_min");

    @Option(names = "--speculative", paramLabel = "ngram|none",
            description = "Speculative decoding: 'ngram' drafts tokens by prompt lookup and checks them in one pass"
                    + " (same output, faster on text that repeats); default none.")
    String method;

    @Option(names = "--draft-max", paramLabel = "N",
            description = "Most draft tokens checked per step (default: " + SpeculativeConfig.DEFAULT_DRAFT_MAX + ").")
    Integer draftMax;

    @Option(names = "--ngram-min", paramLabel = "N",
            description = "Shortest n-gram that starts a draft (default: " + SpeculativeConfig.DEFAULT_NGRAM_MIN + ").")
    Integer ngramMin;

    @Option(names = "--ngram-max", paramLabel = "N",
            description = "Longest n-gram looked up first (default: " + SpeculativeConfig.DEFAULT_NGRAM_MAX + ").")
    Integer ngramMax;

    @Option(names = "--speculative-config", paramLabel = "JSON",
            description = "vLLM's form: {\"method\": \"ngram\", \"num_speculative_tokens\": N, \"prompt_lookup_max\": N,"
                    + " \"prompt_lookup_min\": N}.")
    String vllmConfig;

    /** What the flags ask for; {@link SpeculativeConfig#NONE} when none is given. */
    SpeculativeConfig config() {
        String m = method;
        Integer draft = null, min = null, max = null;
        if (vllmConfig != null) {
            JsonNode json = parseVllm(vllmConfig);
            m = m != null ? m : json.path("method").asText("ngram");
            draft = intField(json, "num_speculative_tokens");
            min = intField(json, "prompt_lookup_min");
            max = intField(json, "prompt_lookup_max");
            // vLLM: a missing lookup bound takes the other's value.
            if (min == null) min = max;
            if (max == null) max = min;
        }
        if (draftMax != null) draft = draftMax;
        if (ngramMin != null) min = ngramMin;
        if (ngramMax != null) max = ngramMax;
        if (m == null) {
            if (draft != null || min != null || max != null) {
                throw new IllegalArgumentException("--draft-max, --ngram-min and --ngram-max need --speculative ngram");
            }
            return SpeculativeConfig.NONE;
        }
        if (SpeculativeConfig.Method.parse(m) == SpeculativeConfig.Method.NONE) return SpeculativeConfig.NONE;
        int lo = min != null ? min : Math.min(SpeculativeConfig.DEFAULT_NGRAM_MIN, max != null ? max : Integer.MAX_VALUE);
        int hi = max != null ? max : Math.max(SpeculativeConfig.DEFAULT_NGRAM_MAX, lo);
        return SpeculativeConfig.ngram(draft != null ? draft : SpeculativeConfig.DEFAULT_DRAFT_MAX, lo, hi);
    }

    private static JsonNode parseVllm(String text) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--speculative-config is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("--speculative-config must be a JSON object, e.g."
                    + " '{\"method\": \"ngram\", \"num_speculative_tokens\": 5}'");
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!VLLM_KEYS.contains(key)) {
                throw new IllegalArgumentException("--speculative-config: '" + key + "' is not supported; r1j reads "
                        + String.join(", ", VLLM_KEYS.stream().sorted().toList()) + " (method ngram only)");
            }
        }
        if (json.has("method") && !json.get("method").isTextual()) {
            throw new IllegalArgumentException("--speculative-config: 'method' must be a string");
        }
        return json;
    }

    private static Integer intField(JsonNode json, String key) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("--speculative-config: '" + key + "' must be an integer, got " + v);
        }
        return v.asInt();
    }
}
