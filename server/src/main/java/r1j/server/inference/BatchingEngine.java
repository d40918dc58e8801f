package r1j.server.inference;

import r1j.engine.batch.BatchEngine;
import r1j.engine.batch.EngineFullException;
import r1j.engine.batch.EngineListener;
import r1j.engine.batch.EngineResult;
import r1j.engine.batch.EngineStats;
import r1j.engine.batch.RequestHandle;
import r1j.engine.generate.GenerationResult;
import r1j.server.metrics.MetricsSource;
import r1j.server.metrics.PrometheusText;
import r1j.server.metrics.RequestClock;
import r1j.server.metrics.RequestMetrics;

/**
 * The server's engine: the continuous-batching {@link BatchEngine} behind the handlers' {@link InferenceEngine}
 * interface. Events are handed to each request's stream from the engine thread without blocking it; a cancelled
 * stream cancels its sequence, whose KV blocks are freed within one step. The same events time each request for
 * {@code GET /metrics}; the engine's own counters and load complete them.
 */
public final class BatchingEngine implements InferenceEngine, MetricsSource {
    private final BatchEngine engine;
    private final RequestMetrics requests = new RequestMetrics();

    public BatchingEngine(BatchEngine engine) {
        this.engine = engine;
    }

    public BatchEngine engine() {
        return engine;
    }

    @Override
    public GenerationStream submit(GenerationRequest request) {
        GenerationStream stream = new GenerationStream(request);
        RequestHandle handle;
        try {
            handle = engine.submit(request.prompt(), request.settings(),
                    new StreamListener(stream, requests.clock(System.nanoTime())));
        } catch (EngineFullException e) {
            requests.rejected();
            throw new EngineBusyException(e.getMessage());
        }
        stream.onCancel(handle::cancel);
        return stream;
    }

    @Override
    public Load load() {
        EngineStats s = engine.stats();
        return new Load(s.running(), s.waiting());
    }

    @Override
    public void writeMetrics(PrometheusText out) {
        EngineStats s = engine.stats();
        out.gauge("r1j_num_requests_running", "Requests in the running batch.", s.running())
                .gauge("r1j_num_requests_waiting", "Requests waiting to join the batch (queued or preempted).",
                        s.waiting())
                .gauge("r1j_kv_cache_usage_perc", "Fraction of KV-cache blocks in use (1 = full).", s.kvCacheUsage())
                .gauge("r1j_kv_cache_blocks_used", "KV-cache blocks referenced by a sequence.", s.kvBlocksUsed())
                .gauge("r1j_kv_cache_blocks_total", "KV-cache blocks the memory budget holds.", s.kvBlocksTotal())
                .counter("r1j_prompt_tokens_total", "Prompt tokens of admitted requests.", s.promptTokens())
                .counter("r1j_generation_tokens_total", "Generated tokens.", s.generatedTokens())
                .counter("r1j_prefix_cache_queries_total", "Prompt tokens looked up in the prefix cache.",
                        s.promptTokens())
                .counter("r1j_prefix_cache_hits_total",
                        "Prompt tokens whose KV came from the prefix cache (not computed).", s.cachedPromptTokens())
                .counter("r1j_num_preemptions_total", "Sequences preempted because the KV cache ran out.",
                        s.preemptions())
                .counter("r1j_engine_steps_total", "Forward passes (engine steps) run.", s.steps());
        requests.writeTo(out);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Engine-thread callbacks turned into stream events, and timed. */
    private record StreamListener(GenerationStream stream, RequestClock clock) implements EngineListener {
        @Override
        public void onToken(int tokenId, String textDelta) {
            onToken(tokenId, textDelta, null);
        }

        @Override
        public void onToken(int tokenId, String textDelta, r1j.engine.generate.TokenLogprobs logprobs) {
            // Id -1 is text held back until the end (no new token).
            if (tokenId >= 0) clock.token(System.nanoTime());
            stream.emit(new TokenEvent.Token(tokenId, textDelta, logprobs));
        }

        @Override
        public void onFinish(EngineResult r) {
            if (r.failed()) {
                clock.fail();
                RuntimeException error = r.error() instanceof RuntimeException re ? re
                        : new IllegalStateException("generation failed: " + r.error().getMessage(), r.error());
                stream.emit(new TokenEvent.Failed(error));
                return;
            }
            clock.finish(r.finishReason(), r.tokens().length, System.nanoTime());
            long prefill = r.firstTokenNanos();
            stream.emit(new TokenEvent.Finished(new GenerationResult(r.tokens(), r.text(), r.finishReason(),
                    r.promptTokens(), r.cachedPromptTokens(), prefill, Math.max(0, r.totalNanos() - prefill))));
        }
    }
}
