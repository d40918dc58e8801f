package r1j.engine.runtime;

/**
 * A consistent snapshot of the engine's load, for metrics and health.
 *
 * @param draftTokens         speculative draft tokens checked by a forward pass
 * @param acceptedDraftTokens draft tokens that were what the model chose (each one a decode step saved)
 */
public record EngineStats(
        int running,
        int waiting,
        int kvBlocksUsed,
        int kvBlocksTotal,
        long promptTokens,
        long cachedPromptTokens,
        long generatedTokens,
        long preemptions,
        long steps,
        long draftTokens,
        long acceptedDraftTokens) {

    /** A snapshot of an engine that never speculates. */
    public EngineStats(int running, int waiting, int kvBlocksUsed, int kvBlocksTotal, long promptTokens,
            long cachedPromptTokens, long generatedTokens, long preemptions, long steps) {
        this(running, waiting, kvBlocksUsed, kvBlocksTotal, promptTokens, cachedPromptTokens, generatedTokens,
                preemptions, steps, 0, 0);
    }

    public double kvCacheUsage() {
        return kvBlocksTotal == 0 ? 0 : (double) kvBlocksUsed / kvBlocksTotal;
    }

    /** Accepted over checked draft tokens (0 before any draft). */
    public double draftAcceptanceRate() {
        return draftTokens == 0 ? 0 : (double) acceptedDraftTokens / draftTokens;
    }
}
