package r1j.engine.batch;

import r1j.engine.generate.FinishReason;

/**
 * How a request ended.
 *
 * @param cachedPromptTokens prompt tokens whose KV came from the prefix cache instead of being computed
 * @param error              set when the engine failed the request (then {@code finishReason} is null)
 */
public record EngineResult(
        int[] tokens,
        String text,
        FinishReason finishReason,
        int promptTokens,
        int cachedPromptTokens,
        long queuedNanos,
        long firstTokenNanos,
        long totalNanos,
        Throwable error) {

    public boolean failed() {
        return error != null;
    }
}
