package r1j.engine.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.generate.SequenceOutput;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;

/**
 * Continuous batching: one engine thread owns the running sequences and the KV cache, and every step runs
 * schedule -> forward -> update (vLLM's {@code EngineCore.step}). New requests join the running batch between
 * steps; each step feeds every running sequence's next token plus chunks of prompts still being read, within a
 * token budget. When the KV cache runs out, the most recently admitted sequence is preempted: its blocks are freed
 * and it is recomputed later from its prompt and the tokens it already generated.
 *
 * <p>The forward pass is batch-invariant (each token's arithmetic does not depend on its neighbours in the batch),
 * so a request gives the same tokens whether it runs alone or among others, given the same seed.
 *
 * <p>A sequence with speculative decoding ({@link r1j.engine.speculative}) also feeds, after its next token, a draft
 * of the tokens it is guessed to write next, each with its logits, in the same forward pass and within the same
 * token budget (what decoding and prompt chunks leave). The output rules then run row by row exactly as they
 * would one step at a time, and the draft is kept while it equals what they chose; the first mismatch, or a finish,
 * ends the step, and the keys and values written for the rest of the draft are dropped by rolling the cache's
 * length back (they are overwritten when those positions are fed again). Greedy decoding thus gives the same
 * tokens with and without speculation; for sampling see {@link #verify}.
 *
 * <p>With one sequence at a time ({@link #oneAtATime}) it is the CLI's generator: the KV blocks of a finished turn
 * stay in the prefix cache, so the next turn of a chat computes only what is new.
 */
public final class BatchEngine implements Engine {
    private final LoadedModel model;
    private final EngineOptions options;
    private final ComputePool pool;
    private final Qwen2Model qwen2;
    private final KvBlockPool kvPool;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Sequence> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final RequestMonitor monitor;
    private final List<Sequence> waiting = new ArrayList<>();
    private final List<Sequence> running = new ArrayList<>();
    private volatile boolean closed;
    private volatile EngineStats stats;
    private long admitCounter;
    private long promptTokens, cachedPromptTokens, generatedTokens, preemptions, steps;
    private long draftTokens, acceptedDraftTokens;

    public BatchEngine(LoadedModel model, EngineOptions options) {
        this(model, options, RequestMonitor.NONE);
    }

    /** @param monitor hears each request's tokens and end on the engine thread (the server's latency metrics) */
    public BatchEngine(LoadedModel model, EngineOptions options, RequestMonitor monitor) {
        this.model = model;
        this.options = options;
        this.monitor = monitor;
        int maxModelLen = Math.min(options.maxModelLen(), model.config().contextLength());
        if (maxModelLen != options.maxModelLen()) {
            throw new IllegalArgumentException("max-model-len " + options.maxModelLen() + " exceeds the model's context of "
                    + model.config().contextLength());
        }
        this.pool = new ComputePool(options.threads());
        this.qwen2 = new Qwen2Model(model.config(), model.weights(), pool);
        this.kvPool = KvBlockPool.withBudget(options.kvCacheBytes(), options.blockTokens(), model.config().layers(),
                model.config().kvDim());
        this.stats = new EngineStats(0, 0, 0, kvPool.maxBlocks(), 0, 0, 0, 0, 0);
        this.loop = Thread.ofPlatform().name("r1j-engine").daemon().start(this::run);
    }

    /**
     * An engine that runs one sequence at a time with a KV cache for a whole context of {@code contextSize}
     * positions (capped at the model's): the CLI's {@code generate} and {@code chat}.
     */
    public static BatchEngine oneAtATime(LoadedModel model, int threads, int contextSize) {
        int context = Math.min(contextSize, model.config().contextLength());
        int blockTokens = 16;
        long blocks = (context + blockTokens - 1) / blockTokens;
        EngineOptions options = new EngineOptions(threads, 1, context, blocks * blockTokens * kvBytesPerToken(model),
                blockTokens, 512, 16);
        return new BatchEngine(model, options);
    }

    public LoadedModel model() {
        return model;
    }

    public EngineOptions options() {
        return options;
    }

    /** Bytes of KV cache one token takes (keys and values, all layers, float32). */
    public static long kvBytesPerToken(LoadedModel model) {
        return 2L * model.config().layers() * model.config().kvDim() * Float.BYTES;
    }

    /**
     * Queues a request. Throws {@link IllegalArgumentException} for a prompt that cannot fit {@code maxModelLen}
     * and {@link EngineFullException} when the queue is full or the prompt can never fit the KV cache.
     */
    @Override
    public GenerationStream submit(GenerationRequest request) {
        if (closed) throw new IllegalStateException("engine is closed");
        int[] prompt = request.prompt();
        GenerationSettings settings = request.settings();
        if (prompt.length >= options.maxModelLen()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the context window holds "
                    + options.maxModelLen() + " tokens (prompt plus at least one generated token)");
        }
        int blocksNeeded = (prompt.length + 1 + options.blockTokens() - 1) / options.blockTokens();
        if (blocksNeeded > kvPool.maxBlocks()) {
            monitor.rejected();
            throw new EngineFullException("the prompt needs " + blocksNeeded + " KV blocks but the cache holds "
                    + kvPool.maxBlocks() + "; raise the KV cache memory");
        }
        if (queued.get() >= options.maxWaiting()) {
            monitor.rejected();
            throw new EngineFullException("the server is busy: " + queued.get() + " requests are waiting");
        }
        long now = System.nanoTime();
        GenerationStream stream = new GenerationStream();
        RequestMonitor.Timer timer = monitor.accepted(now);
        if (settings.maxTokens() == 0) {
            timer.finish(FinishReason.LENGTH, 0, now);
            stream.emit(new TokenEvent.Finished(new GenerationResult(new int[0], "", FinishReason.LENGTH, prompt.length,
                    0, 0, 0)));
            return stream;
        }
        SequenceOutput output = new SequenceOutput(model.tokenizer(), model.endOfGenerationIds(),
                model.config().vocabSize(), prompt, settings);
        queued.incrementAndGet();
        incoming.add(new Sequence(stream, timer, prompt.clone(), settings, output, now));
        // A cancel wakes an idle engine thread, so the sequence's KV blocks are freed at once.
        stream.onCancel(() -> LockSupport.unpark(loop));
        LockSupport.unpark(loop);
        return stream;
    }

    @Override
    public EngineStats stats() {
        return stats;
    }

    // ---------------------------------------------------------------- engine thread

    private void run() {
        while (!closed) {
            try {
                if (!step()) LockSupport.parkNanos(this, 5_000_000);
            } catch (Throwable t) {
                failAll(t);
            }
        }
        failAll(new IllegalStateException("engine closed"));
    }

    /** One schedule -> forward -> update round; false when there was nothing to do. */
    private boolean step() {
        for (Sequence s; (s = incoming.poll()) != null; ) waiting.add(s);
        dropCancelled();
        admit();
        publishStats();
        if (running.isEmpty()) return false;

        Scheduled batch = schedule();
        if (batch.size == 0) return true;
        float[] logits = qwen2.forward(new ForwardBatch(batch.size, batch.tokens, batch.positions, batch.caches,
                batch.logitRows));
        steps++;
        for (Sequence s : running) s.kv.registerFullBlocks(s.tokens, s.computed);
        update(batch, logits);
        publishStats();
        return true;
    }

    private void dropCancelled() {
        for (Iterator<Sequence> it = waiting.iterator(); it.hasNext(); ) {
            Sequence s = it.next();
            if (s.stream.isCancelled()) {
                it.remove();
                if (s.admitOrder == 0) queued.decrementAndGet();
                finish(s, FinishReason.CANCELLED, s.output.end(FinishReason.CANCELLED));
            }
        }
        for (Iterator<Sequence> it = running.iterator(); it.hasNext(); ) {
            Sequence s = it.next();
            if (s.stream.isCancelled()) {
                it.remove();
                finish(s, FinishReason.CANCELLED, s.output.isFinished() ? "" : s.output.end(FinishReason.CANCELLED));
            }
        }
    }

    /** Moves waiting sequences (oldest first) into the batch while there are slots and KV blocks for their prompt. */
    private void admit() {
        while (!waiting.isEmpty() && running.size() < options.maxNumSeqs()) {
            Sequence s = waiting.get(0);
            SequenceKv kv = new SequenceKv(kvPool);
            // Reuse cached blocks of a shared prefix; the last token is always computed, its logits are needed.
            int cached = kv.adoptCachedPrefix(s.tokens, s.length - 1);
            if (!kv.ensureCapacity(Math.min(s.length + 1, options.maxModelLen()))) {
                kv.release();
                if (running.isEmpty()) {
                    // Even an empty cache cannot hold it (it grew while others were preempted): end it, never hang.
                    waiting.remove(0);
                    if (s.admitOrder == 0) queued.decrementAndGet();
                    finish(s, FinishReason.LENGTH, s.output.end(FinishReason.LENGTH));
                    continue;
                }
                break;
            }
            waiting.remove(0);
            if (s.admitOrder == 0) {
                queued.decrementAndGet();
                s.admitOrder = ++admitCounter;
                promptTokens += s.prompt.length;
                s.cachedPromptTokens = cached;
                cachedPromptTokens += cached;
            }
            s.kv = kv;
            s.computed = cached;
            running.add(s);
        }
    }

    /** The tokens of one forward pass. */
    private static final class Scheduled {
        int size;
        int[] tokens;
        int[] positions;
        SequenceKv[] caches;
        int[] logitRows;
        /** Sequences whose logits are wanted, and the index in {@code logitRows} of each one's first row. */
        Sequence[] logitOwners;
        int[] firstLogitRow;
    }

    private Scheduled schedule() {
        int budget = options.maxBatchTokens();
        List<Sequence> order = new ArrayList<>(running);
        // Sequences that are decoding (one pending token) go first, so streams keep flowing while prompts are read.
        order.sort(Comparator.comparingInt((Sequence s) -> s.pending() > 1 ? 1 : 0).thenComparingLong(s -> s.admitOrder));
        int[] counts = new int[order.size()];
        int total = 0;
        for (int i = 0; i < order.size() && budget > 0; i++) {
            Sequence s = order.get(i);
            int n = Math.min(s.pending(), budget);
            if (!ensureRoom(s, s.computed + n)) {
                // ensureRoom preempted someone (maybe s itself); start over with what is still running.
                return schedule();
            }
            counts[i] = n;
            budget -= n;
            total += n;
        }
        scheduleDrafts(order, counts, budget);
        for (int i = 0; i < order.size(); i++) total += order.get(i).draftLength;
        Scheduled b = new Scheduled();
        b.size = total;
        b.tokens = new int[total];
        b.positions = new int[total];
        b.caches = new SequenceKv[total];
        List<Integer> rows = new ArrayList<>();
        List<Sequence> owners = new ArrayList<>();
        List<Integer> firstRows = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < order.size(); i++) {
            Sequence s = order.get(i);
            for (int k = 0; k < counts[i]; k++) {
                b.tokens[at] = s.tokens[s.computed + k];
                b.positions[at] = s.computed + k;
                b.caches[at] = s.kv;
                at++;
            }
            if (counts[i] > 0 && s.computed + counts[i] == s.length) {
                owners.add(s);
                firstRows.add(rows.size());
                rows.add(at - 1);
                // The draft continues the sequence after its last token; each draft token's logits check the next.
                for (int k = 0; k < s.draftLength; k++) {
                    b.tokens[at] = s.draft[k];
                    b.positions[at] = s.length + k;
                    b.caches[at] = s.kv;
                    rows.add(at);
                    at++;
                }
            }
            s.computed += counts[i];
        }
        b.logitRows = rows.stream().mapToInt(Integer::intValue).toArray();
        b.logitOwners = owners.toArray(new Sequence[0]);
        b.firstLogitRow = firstRows.stream().mapToInt(Integer::intValue).toArray();
        return b;
    }

    /**
     * Drafts tokens for the speculating sequences whose pending tokens all run this step, oldest first, with the
     * budget the step has left; returns the draft tokens scheduled. A draft never preempts anyone: a sequence whose
     * draft needs a KV block the pool does not have simply does not speculate this step.
     */
    private int scheduleDrafts(List<Sequence> order, int[] counts, int budget) {
        int used = 0;
        for (int i = 0; i < order.size(); i++) {
            Sequence s = order.get(i);
            s.draftLength = 0;
            if (s.proposer == null || counts[i] == 0 || counts[i] != s.pending() || budget - used <= 0) continue;
            // Never draft past the last token the sequence may still write, nor past the context window.
            int room = Math.min(s.settings.maxTokens() - s.output.tokenCount() - 1, options.maxModelLen() - 1 - s.length);
            int n = s.proposer.propose(s.tokens, s.length, Math.min(room, budget - used), s.draft);
            if (n > 0 && s.kv.ensureCapacity(s.length + n)) {
                s.draftLength = n;
                used += n;
            }
        }
        return used;
    }

    /** Makes room for {@code positions} positions of {@code s}, preempting the newest sequences if needed. */
    private boolean ensureRoom(Sequence s, int positions) {
        if (s.kv.ensureCapacity(positions)) return true;
        Sequence victim = running.stream().max(Comparator.comparingLong(x -> x.admitOrder)).orElseThrow();
        preempt(victim);
        return false;
    }

    private void preempt(Sequence s) {
        running.remove(s);
        s.kv.registerTail(s.tokens);
        s.kv.release();
        s.kv = null;
        s.computed = 0;
        waiting.add(0, s);
        preemptions++;
    }

    private void update(Scheduled batch, float[] logits) {
        for (int j = 0; j < batch.logitOwners.length; j++) {
            verify(batch.logitOwners[j], logits, batch.firstLogitRow[j]);
        }
    }

    /**
     * Runs the output rules on a sequence's logit rows in order: row 0 gives the token after its last one; while
     * that token equals the next draft token, the following row (computed after that draft token) gives the token
     * after it, and so on. Draft tokens that were chosen keep their keys and values; the cache is cut back after them.
     *
     * <p>This is the rejection-sampling rule of speculative decoding (Leviathan et al.) for a proposer that drafts
     * one token with certainty: the draft token d is accepted with probability p(d), and on rejection the token comes
     * from p with d removed, renormalised. Drawing one token from p by the sampler's own rule and accepting d when
     * the draw is d does exactly that, and it spends the sequence's random stream one number per emitted token, as
     * decoding without speculation does. So a seeded request gives the same tokens with and without speculation,
     * and therefore the same distribution.
     */
    private void verify(Sequence s, float[] logits, int firstRow) {
        int vocab = model.config().vocabSize();
        int drafted = s.draftLength;
        int accepted = 0;
        s.draftLength = 0;
        for (int i = 0; i <= drafted; i++) {
            boolean roomLeft = s.length + 1 < options.maxModelLen();
            SequenceOutput.Step step = s.output.next(logits, (firstRow + i) * vocab, roomLeft);
            if (s.firstTokenAt == 0) s.firstTokenAt = System.nanoTime();
            generatedTokens++;
            s.append(step.token());
            if (!step.delta().isEmpty() || step.finish() == null) {
                s.timer.token(System.nanoTime());
                s.stream.emit(new TokenEvent.Token(step.token(), step.delta(), step.logprobs()));
            }
            if (step.finish() != null) {
                running.remove(s);
                finish(s, step.finish(), "");
                break;
            }
            if (i == drafted || step.token() != s.draft[i]) break;
            accepted++;
        }
        if (drafted == 0) return;
        draftTokens += drafted;
        acceptedDraftTokens += accepted;
        if (s.kv != null) {
            // Accepted draft tokens were fed at the positions they now hold; the rest of the draft is dropped.
            s.computed += accepted;
            s.kv.setLength(s.computed);
        }
    }

    private void finish(Sequence s, FinishReason reason, String trailingText) {
        if (s.kv != null) {
            s.kv.registerTail(s.tokens);
            s.kv.release();
            s.kv = null;
        }
        if (!trailingText.isEmpty()) s.stream.emit(new TokenEvent.Token(-1, trailingText));
        long now = System.nanoTime();
        int[] tokens = s.output.tokens();
        // The engine does not report a last token that adds no text (an end-of-generation token) but ends the
        // sequence in the same step; the timer counts it here.
        s.timer.finish(reason, tokens.length, now);
        long prefill = (s.firstTokenAt == 0 ? now : s.firstTokenAt) - s.submittedAt;
        // Counters first: a client that sees its request finish and then reads the metrics finds its tokens counted.
        publishStats();
        s.stream.emit(new TokenEvent.Finished(new GenerationResult(tokens, s.output.text(), reason, s.prompt.length,
                s.cachedPromptTokens, prefill, s.firstTokenAt == 0 ? 0 : now - s.firstTokenAt)));
    }

    private void failAll(Throwable t) {
        List<Sequence> all = new ArrayList<>(running);
        all.addAll(waiting);
        for (Sequence s; (s = incoming.poll()) != null; ) all.add(s);
        running.clear();
        waiting.clear();
        RuntimeException error = t instanceof RuntimeException re ? re
                : new IllegalStateException("generation failed: " + t, t);
        for (Sequence s : all) {
            if (s.kv != null) s.kv.release();
            s.timer.fail();
            s.stream.emit(new TokenEvent.Failed(error));
        }
        publishStats();
    }

    private void publishStats() {
        stats = new EngineStats(running.size(), waiting.size() + incoming.size(), kvPool.usedBlocks(), kvPool.maxBlocks(),
                promptTokens, cachedPromptTokens, generatedTokens, preemptions, steps, draftTokens, acceptedDraftTokens);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(loop);
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }
}
