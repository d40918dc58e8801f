package r1j.server.metrics;

/** An engine that reports its own metrics for {@code GET /metrics}. */
public interface MetricsSource {
    void writeMetrics(PrometheusText out);
}
