package r1j.engine.generate;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;

/**
 * Generates one sequence at a time (the CLI's {@code generate} and {@code chat}): prompt prefill in chunks, then a
 * sample-decode loop that streams UTF-8-safe text and honours stop strings, end-of-generation tokens and limits.
 *
 * <p>The KV cache of the last sequence is kept: a next prompt that starts with the same tokens (the next turn of a
 * chat) computes only what is new. Not thread-safe: one caller at a time.
 */
public final class Generator implements AutoCloseable {
    /** Prompt tokens per forward pass: bounds activation memory while keeping prefill matrix-matrix. */
    private static final int PREFILL_CHUNK = 256;

    private final LoadedModel model;
    private final Qwen2Model qwen2;
    private final ComputePool pool;
    private final SequenceKv kv;
    private final int contextSize;
    private int[] cachedTokens = new int[0];

    /**
     * @param threads     compute threads
     * @param contextSize most positions a sequence may use (capped at the model's trained context)
     */
    public Generator(LoadedModel model, int threads, int contextSize) {
        this.model = model;
        this.contextSize = Math.min(contextSize, model.config().contextLength());
        this.pool = new ComputePool(threads);
        this.qwen2 = new Qwen2Model(model.config(), model.weights(), pool);
        int blockTokens = 16;
        KvBlockPool blocks = new KvBlockPool(blockTokens, model.config().layers(), model.config().kvDim(),
                (this.contextSize + blockTokens - 1) / blockTokens);
        this.kv = new SequenceKv(blocks);
    }

    public LoadedModel model() {
        return model;
    }

    public int contextSize() {
        return contextSize;
    }

    public GenerationResult generate(int[] prompt, GenerationSettings settings, TokenSink sink) {
        return generate(prompt, settings, sink, () -> false);
    }

    /**
     * Like {@link #generate(int[], GenerationSettings, TokenSink)}, but asks {@code cancelled} before every forward
     * pass (each prefill chunk and each decode step). Once it answers true the generation ends within one step with
     * {@link FinishReason#CANCELLED}: a server stops decoding for a client that went away. The KV cache then holds
     * exactly the tokens that went through the model, so the next call still reuses the common prefix.
     */
    public GenerationResult generate(int[] prompt, GenerationSettings settings, TokenSink sink,
            BooleanSupplier cancelled) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        if (prompt.length >= contextSize) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the context window holds "
                    + contextSize + " (prompt plus at least one generated token)");
        }
        int vocab = model.config().vocabSize();
        long start = System.nanoTime();

        // Keep the cached prefix, but always recompute the last prompt token: its logits are needed.
        int reused = Math.min(commonPrefix(cachedTokens, prompt), prompt.length - 1);
        kv.setLength(reused);
        if (!kv.ensureCapacity(contextSize)) throw new IllegalStateException("KV cache could not be allocated");
        float[] logits = null;
        for (int from = reused; from < prompt.length; from += PREFILL_CHUNK) {
            if (cancelled.getAsBoolean()) {
                cachedTokens = Arrays.copyOf(prompt, from);
                return new GenerationResult(new int[0], "", FinishReason.CANCELLED, prompt.length, reused,
                        System.nanoTime() - start, 0);
            }
            int[] chunk = Arrays.copyOfRange(prompt, from, Math.min(prompt.length, from + PREFILL_CHUNK));
            logits = qwen2.forward(ForwardBatch.prefill(kv, chunk, from));
        }
        cachedTokens = prompt.clone();

        SequenceOutput output = new SequenceOutput(model.tokenizer(), model.endOfGenerationIds(), vocab, prompt, settings);
        long firstTokenAt = 0;
        int position = prompt.length;
        if (settings.maxTokens() == 0) output.end(FinishReason.LENGTH);
        while (!output.isFinished()) {
            if (cancelled.getAsBoolean()) {
                String rest = output.end(FinishReason.CANCELLED);
                if (!rest.isEmpty()) sink.accept(-1, rest);
                break;
            }
            SequenceOutput.Step step = output.next(logits, 0, position + 1 < contextSize);
            if (firstTokenAt == 0) firstTokenAt = System.nanoTime();
            sink.accept(step.token(), step.delta());
            if (step.finish() != null) break;
            logits = qwen2.forward(ForwardBatch.prefill(kv, new int[] {step.token()}, position));
            position++;
        }
        int[] tokens = output.tokens();
        // The cache holds the prompt and every generated token that went through the model (all but the last).
        int[] all = Arrays.copyOf(prompt, position);
        System.arraycopy(tokens, 0, all, prompt.length, position - prompt.length);
        cachedTokens = all;
        long end = System.nanoTime();
        long prefill = (firstTokenAt == 0 ? end : firstTokenAt) - start;
        return new GenerationResult(tokens, output.text(), output.finishReason(), prompt.length, reused, prefill,
                firstTokenAt == 0 ? 0 : end - firstTokenAt);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }

    @Override
    public void close() {
        kv.release();
        pool.close();
    }
}
