package r1j.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Everything that defines a run, stored as {@code run.json} in its directory: versions, the dataset's identity, the
 * model's identity (file name, size, sha256 and GGUF {@code general.*} keys for a local file; the {@code /v1/models}
 * entry for an endpoint), where it was served, the sampling, and n. Resuming requires the same dataset, model and
 * sampling; n and the concurrency (which moves latency, not answers) may change, and the latest is stored.
 */
public record RunSpec(String r1jVersion, String graderVersion, DatasetInfo dataset, JsonNode model, String endpoint,
        Sampling sampling, int n, String label, int concurrency) {

    public record DatasetInfo(String source, String sha256, int questions, List<String> skippedLines) {}

    /**
     * The request settings: the model authors' protocol by default (temperature 0.6, top-p 0.95, no system prompt,
     * the math suffix); {@code maxTokens} and {@code seed} null leave them to the server.
     */
    public record Sampling(double temperature, double topP, Integer maxTokens, Long seed, String systemPrompt,
            String promptSuffix) {
        public static final String MATH_SUFFIX = "Please reason step by step, and put your final answer within \\boxed{}.";

        /** The user message for a problem: the problem, a newline, the suffix (none when the suffix is empty). */
        public String prompt(String problem) {
            return promptSuffix == null || promptSuffix.isEmpty() ? problem : problem + "\n" + promptSuffix;
        }
    }

    /** The node as it reads back from JSON: a long and an int of the same value, or a wrapped number, compare equal. */
    private static JsonNode canonical(JsonNode node) {
        try {
            return EvalJson.MAPPER.readTree(EvalJson.MAPPER.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What must match for a directory's samples to belong to this run. */
    public String sameRunAs(RunSpec stored) {
        if (!dataset.sha256().equals(stored.dataset().sha256())) return "the dataset differs (sha256 " + stored.dataset().sha256() + ")";
        if (!canonical(model).equals(canonical(stored.model()))) return "the model differs (" + stored.model() + ")";
        if (!sampling.equals(stored.sampling())) return "the sampling differs (" + stored.sampling() + ")";
        return null;
    }
}
