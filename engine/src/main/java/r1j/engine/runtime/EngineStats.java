package r1j.engine.runtime;

/** A consistent snapshot of the engine's load, for metrics and health. */
public record EngineStats(
        int running,
        int waiting,
        int kvBlocksUsed,
        int kvBlocksTotal,
        long promptTokens,
        long cachedPromptTokens,
        long generatedTokens,
        long preemptions,
        long steps) {

    public double kvCacheUsage() {
        return kvBlocksTotal == 0 ? 0 : (double) kvBlocksUsed / kvBlocksTotal;
    }
}
