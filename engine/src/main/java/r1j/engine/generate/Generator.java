package r1j.engine.generate;

import java.util.Arrays;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;
import r1j.engine.sampling.Sampler;
import r1j.engine.sampling.StopSequenceMatcher;
import r1j.engine.tokenizer.IncrementalDecoder;

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
            int[] chunk = Arrays.copyOfRange(prompt, from, Math.min(prompt.length, from + PREFILL_CHUNK));
            logits = qwen2.forward(ForwardBatch.prefill(kv, chunk, from));
        }
        cachedTokens = prompt.clone();

        Sampler sampler = new Sampler(settings.sampling(), vocab, prompt);
        IncrementalDecoder decoder = model.tokenizer().newDecoder();
        StopSequenceMatcher stops = new StopSequenceMatcher(settings.stop());
        StringBuilder text = new StringBuilder();
        int[] generated = new int[Math.max(16, Math.min(settings.maxTokens(), contextSize))];
        int count = 0;
        long firstTokenAt = 0;
        FinishReason reason = FinishReason.LENGTH;
        int position = prompt.length;
        while (count < settings.maxTokens() && position < contextSize) {
            int token = sampler.sample(logits, vocab);
            sampler.accept(token);
            if (count == 0) firstTokenAt = System.nanoTime();
            if (count == generated.length) generated = Arrays.copyOf(generated, count * 2);
            generated[count++] = token;
            if (!settings.ignoreEos() && model.endOfGenerationIds().contains(token)) {
                reason = FinishReason.STOP;
                break;
            }
            StopSequenceMatcher.Output out = stops.feed(decoder.accept(token));
            text.append(out.text());
            sink.accept(token, out.text());
            if (out.isStop()) {
                reason = FinishReason.STOP;
                break;
            }
            if (count == settings.maxTokens() || position + 1 >= contextSize) break;
            logits = qwen2.forward(ForwardBatch.prefill(kv, new int[] {token}, position));
            position++;
        }
        // Bytes the decoder held back (an unfinished UTF-8 character) and text held back as a possible stop prefix.
        StopSequenceMatcher.Output tail = stops.feed(decoder.flush());
        if (tail.isStop()) reason = FinishReason.STOP;
        String rest = tail.text() + stops.flush();
        if (!rest.isEmpty()) {
            text.append(rest);
            sink.accept(-1, rest);
        }
        int[] tokens = Arrays.copyOf(generated, count);
        // The cache now also holds every generated token that went through the model.
        int[] all = Arrays.copyOf(prompt, prompt.length + Math.max(0, position - prompt.length));
        System.arraycopy(tokens, 0, all, prompt.length, all.length - prompt.length);
        cachedTokens = all;
        long end = System.nanoTime();
        long prefill = (firstTokenAt == 0 ? end : firstTokenAt) - start;
        return new GenerationResult(tokens, text.toString(), reason, prompt.length, reused, prefill,
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
