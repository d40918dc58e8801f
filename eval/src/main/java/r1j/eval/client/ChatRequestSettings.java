package r1j.eval.client;

/**
 * Sampling for one request. {@code maxTokens} null leaves it to the server (r1j and vLLM give the context that is
 * left, which R1-style models need); {@code seed} null sends none.
 */
public record ChatRequestSettings(String model, double temperature, double topP, Integer maxTokens, Long seed,
        String systemPrompt) {}
