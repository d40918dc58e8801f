package r1j.server.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import r1j.router.metrics.RouteMetrics;
import r1j.router.upstream.Upstream;
import r1j.server.metrics.PrometheusText;

/** The router's counters and each upstream's breaker state, appended to {@code /metrics}. */
public final class RouteMetricsText {
    private final RouteSetup setup;

    public RouteMetricsText(RouteSetup setup) {
        this.setup = setup;
    }

    public void writeTo(PrometheusText out) {
        RouteMetrics m = setup.metrics();
        out.counter("r1j_route_requests_total", "Chat requests answered, by route (edge or centre).", "route",
                m.requests());
        out.counter("r1j_route_prompt_tokens_total", "Prompt tokens, by route (edge answers that were escalated count on the edge too).", "route",
                m.promptTokens());
        out.counter("r1j_route_generation_tokens_total", "Completion tokens, by route (edge streams: see r1j_generation_tokens_total).",
                "route", m.completionTokens());
        out.counter("r1j_route_escalations_total", "Edge answers sent on to the centre, by signal.", "signal",
                m.escalations());
        out.counter("r1j_route_fallbacks_total", "Centre calls that failed so the edge answered, by reason.",
                "reason", m.fallbacks());
        Map<Map<String, String>, Long> failures = new LinkedHashMap<>();
        m.upstreamFailures().forEach((k, v) -> {
            String[] upstreamAndReason = k.split("\u0000", 2);
            // Ordered labels: the same series prints the same way on every scrape.
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("upstream", upstreamAndReason[0]);
            labels.put("reason", upstreamAndReason[1]);
            failures.put(labels, v);
        });
        out.family("r1j_route_upstream_failures_total", "Failed upstream attempts, by upstream and reason.", "counter",
                failures);
        Map<Map<String, String>, Integer> breakers = new LinkedHashMap<>();
        for (Upstream u : setup.centre().upstreams()) {
            // 0 closed (calls pass), 1 open (calls fail fast), 2 half-open (probing); other states as 3.
            int state = switch (u.breakerState()) {
                case CLOSED -> 0;
                case OPEN -> 1;
                case HALF_OPEN -> 2;
                default -> 3;
            };
            breakers.put(Map.of("upstream", u.name()), state);
        }
        out.family("r1j_route_breaker_state", "Circuit breaker of each upstream: 0 closed, 1 open, 2 half-open.",
                "gauge", breakers);
    }
}
