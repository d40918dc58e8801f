package r1j.engine.generate;

/**
 * A finished generation with its timings.
 *
 * @param reusedPromptTokens prompt tokens whose KV cache was kept from the previous turn (not recomputed)
 */
public record GenerationResult(
        int[] tokens,
        String text,
        FinishReason finishReason,
        int promptTokens,
        int reusedPromptTokens,
        long prefillNanos,
        long decodeNanos) {

    /** Prompt tokens actually computed per second. */
    public double promptTokensPerSecond() {
        int computed = promptTokens - reusedPromptTokens;
        return prefillNanos == 0 ? 0 : computed * 1e9 / prefillNanos;
    }

    /** Generated tokens per second, after the first (whose time is part of prefill). */
    public double generatedTokensPerSecond() {
        return decodeNanos == 0 || tokens.length < 2 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
    }
}
