package r1j.server;

import io.javalin.http.Context;
import java.util.Map;
import r1j.server.inference.InferenceEngine;
import r1j.server.metrics.MetricsSource;
import r1j.server.metrics.PrometheusText;

/**
 * {@code GET /metrics}: Prometheus' text format, every sample labelled with the served model's name. Like vLLM's,
 * it is not behind {@code --api-key} (a scraper holds no client key); bind to a private interface to hide it.
 */
final class MetricsHandler {
    private final String modelName;
    private final InferenceEngine engine;

    MetricsHandler(String modelName, InferenceEngine engine) {
        this.modelName = modelName;
        this.engine = engine;
    }

    void metrics(Context ctx) {
        PrometheusText out = new PrometheusText(Map.of("model_name", modelName));
        if (engine instanceof MetricsSource source) {
            source.writeMetrics(out);
        } else {
            // An engine without metrics of its own (the one-at-a-time worker) still tells its load.
            InferenceEngine.Load load = engine.load();
            out.gauge("r1j_num_requests_running", "Requests being generated.", load.running())
                    .gauge("r1j_num_requests_waiting", "Requests waiting for the engine.", load.waiting());
        }
        ctx.status(200).contentType(PrometheusText.CONTENT_TYPE).result(out.toString());
    }
}
