package r1j.engine.runtime;

/**
 * Limits of a {@link BatchEngine}, named after vLLM's flags where one exists.
 *
 * @param threads        compute threads
 * @param maxNumSeqs     sequences decoded together at most ({@code --max-num-seqs})
 * @param maxModelLen    prompt plus generated tokens of one sequence at most ({@code --max-model-len})
 * @param kvCacheBytes   memory for the KV cache of all sequences ({@code --kv-cache-memory})
 * @param blockTokens    positions per KV block
 * @param maxBatchTokens tokens in one forward pass at most: decode tokens first, then prompt chunks (chunked prefill)
 * @param maxWaiting     requests queued beyond the running ones before {@link EngineFullException}
 */
public record EngineOptions(int threads, int maxNumSeqs, int maxModelLen, long kvCacheBytes, int blockTokens,
        int maxBatchTokens, int maxWaiting) {

    public EngineOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (maxNumSeqs < 1) throw new IllegalArgumentException("max-num-seqs must be >= 1, got " + maxNumSeqs);
        if (maxModelLen < 2) throw new IllegalArgumentException("max-model-len must be >= 2, got " + maxModelLen);
        if (kvCacheBytes <= 0) throw new IllegalArgumentException("KV cache memory must be > 0, got " + kvCacheBytes);
        if (blockTokens < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockTokens);
        if (maxBatchTokens < maxNumSeqs) {
            throw new IllegalArgumentException("max batch tokens (" + maxBatchTokens + ") must be >= max-num-seqs ("
                    + maxNumSeqs + ")");
        }
        if (maxWaiting < 0) throw new IllegalArgumentException("max waiting must be >= 0, got " + maxWaiting);
    }

    /** Defaults for a model: 8 sequences, the given context, 512-token steps, a queue of 256. */
    public static EngineOptions defaults(int threads, int maxModelLen, long kvCacheBytes) {
        return new EngineOptions(threads, 8, maxModelLen, kvCacheBytes, 16, 512, 256);
    }

    public EngineOptions withMaxNumSeqs(int n) {
        return new EngineOptions(threads, n, maxModelLen, kvCacheBytes, blockTokens, Math.max(maxBatchTokens, n), maxWaiting);
    }
}
