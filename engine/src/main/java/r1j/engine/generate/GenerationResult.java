package r1j.engine.generate;

/**
 * A finished generation with its timings.
 *
 * @param cachedPromptTokens prompt tokens whose KV came from the prefix cache (an earlier request or turn), not computed
 * @param prefillNanos       from submission to the first generated token (queueing and prompt reading)
 * @param decodeNanos        from the first generated token to the end
 */
public record GenerationResult(
        int[] tokens,
        String text,
        FinishReason finishReason,
        int promptTokens,
        int cachedPromptTokens,
        long prefillNanos,
        long decodeNanos) {

    /** Prompt tokens actually computed per second. */
    public double promptTokensPerSecond() {
        int computed = promptTokens - cachedPromptTokens;
        return prefillNanos == 0 ? 0 : computed * 1e9 / prefillNanos;
    }

    /** Generated tokens per second, after the first (whose time is part of prefill). */
    public double generatedTokensPerSecond() {
        return decodeNanos == 0 || tokens.length < 2 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
    }
}
