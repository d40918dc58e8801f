package r1j.cli;

import java.util.SplittableRandom;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;

/**
 * llama-bench's two tests on one model: {@code ppN} runs N random prompt tokens as one batch into an empty KV cache;
 * {@code tgN} decodes N tokens one at a time from an empty cache. Each test runs once as warm-up (JIT compilation,
 * page faults of the mapped weights), then {@code repetitions} timed times.
 */
final class ModelBenchmark implements AutoCloseable {
    private static final int KV_BLOCK_TOKENS = 16;

    private final Qwen2Model model;
    private final ComputePool pool;
    private final KvBlockPool blocks;
    private final int vocab;
    private final SplittableRandom random = new SplittableRandom(1234);

    ModelBenchmark(LoadedModel loaded, int threads, int maxPositions) {
        this.pool = new ComputePool(threads);
        this.model = new Qwen2Model(loaded.config(), loaded.weights(), pool);
        this.blocks = new KvBlockPool(KV_BLOCK_TOKENS, loaded.config().layers(), loaded.config().kvDim(),
                (maxPositions + KV_BLOCK_TOKENS - 1) / KV_BLOCK_TOKENS);
        this.vocab = loaded.config().vocabSize();
    }

    Samples promptProcessing(int tokens, int repetitions) {
        long[] nanos = new long[repetitions];
        for (int rep = -1; rep < repetitions; rep++) {
            int[] prompt = randomTokens(tokens);
            try (SequenceKv kv = freshCache(tokens)) {
                long start = System.nanoTime();
                model.forward(ForwardBatch.prefill(kv, prompt, 0));
                long elapsed = System.nanoTime() - start;
                if (rep >= 0) nanos[rep] = elapsed;
            }
        }
        return new Samples("pp" + tokens, tokens, 0, nanos);
    }

    Samples generation(int tokens, int repetitions) {
        long[] nanos = new long[repetitions];
        int[] one = new int[1];
        for (int rep = -1; rep < repetitions; rep++) {
            try (SequenceKv kv = freshCache(tokens)) {
                one[0] = random.nextInt(vocab);
                long start = System.nanoTime();
                for (int pos = 0; pos < tokens; pos++) {
                    float[] logits = model.forward(ForwardBatch.prefill(kv, one, pos));
                    one[0] = argmax(logits);
                }
                long elapsed = System.nanoTime() - start;
                if (rep >= 0) nanos[rep] = elapsed;
            }
        }
        return new Samples("tg" + tokens, 0, tokens, nanos);
    }

    private SequenceKv freshCache(int positions) {
        SequenceKv kv = new SequenceKv(blocks);
        if (!kv.ensureCapacity(positions)) throw new IllegalStateException("KV cache too small for " + positions + " positions");
        return kv;
    }

    private int[] randomTokens(int n) {
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) tokens[i] = random.nextInt(vocab);
        return tokens;
    }

    /** The next token is the argmax, as greedy decoding would pick it: the sampler's cost is not part of tg. */
    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        return best;
    }

    @Override
    public void close() {
        pool.close();
    }
}
