package r1j.server.metrics;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Consumer;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineStats;

/**
 * {@code GET /metrics}: Prometheus' text format, every sample labelled with the served model's name: the engine's
 * load and counters, then the per-request latencies the engine reported to {@link RequestMetrics}. Like vLLM's, it
 * is not behind {@code --api-key} (a scraper holds no client key); bind to a private interface to hide it.
 */
public final class MetricsHandler {
    private final String modelName;
    private final Engine engine;
    private final RequestMetrics requests;
    /** Families of optional parts (the router's), written after the engine's. */
    private final Consumer<PrometheusText> more;

    public MetricsHandler(String modelName, Engine engine, RequestMetrics requests) {
        this(modelName, engine, requests, out -> {});
    }

    public MetricsHandler(String modelName, Engine engine, RequestMetrics requests, Consumer<PrometheusText> more) {
        this.modelName = modelName;
        this.engine = engine;
        this.requests = requests;
        this.more = more;
    }

    public void metrics(Context ctx) {
        PrometheusText out = new PrometheusText(Map.of("model_name", modelName));
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
                .counter("r1j_engine_steps_total", "Forward passes (engine steps) run.", s.steps())
                .counter("r1j_spec_decode_draft_tokens_total",
                        "Speculative draft tokens checked by a forward pass (--speculative).", s.draftTokens())
                .counter("r1j_spec_decode_accepted_tokens_total",
                        "Draft tokens that were the model's choice (each one a decode step saved).",
                        s.acceptedDraftTokens())
                .gauge("r1j_spec_decode_draft_acceptance_rate",
                        "Accepted over checked draft tokens since start (0 before any draft).",
                        s.draftAcceptanceRate());
        requests.writeTo(out);
        more.accept(out);
        ctx.status(200).contentType(PrometheusText.CONTENT_TYPE).result(out.toString());
    }
}
