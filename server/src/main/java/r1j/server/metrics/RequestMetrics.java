package r1j.server.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import r1j.engine.generate.FinishReason;
import r1j.engine.runtime.RequestMonitor;

/**
 * What the engine's per-request events tell: latency histograms (time to first token, between tokens, whole
 * request) and how requests ended. The engine reports each request to it ({@code RequestMonitor}) through a
 * {@link RequestClock}, on the engine thread; {@code GET /metrics} reads it.
 * Bucket bounds follow vLLM's, with finer low buckets for inter-token latency (a small model on a CPU is fast).
 */
public final class RequestMetrics implements RequestMonitor {
    private static final double[] TTFT_BOUNDS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
        1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] ITL_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
        0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] E2E_BOUNDS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0,
        50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private final Histogram timeToFirstToken = new Histogram(TTFT_BOUNDS);
    private final Histogram interTokenLatency = new Histogram(ITL_BOUNDS);
    private final Histogram e2eLatency = new Histogram(E2E_BOUNDS);
    private final Map<FinishReason, AtomicLong> finished = new EnumMap<>(FinishReason.class);
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public RequestMetrics() {
        for (FinishReason r : FinishReason.values()) finished.put(r, new AtomicLong());
    }

    /** A clock for a request submitted at {@code submittedNanos} ({@link System#nanoTime()}). */
    @Override
    public RequestClock accepted(long submittedNanos) {
        return new RequestClock(this, submittedNanos);
    }

    /** A request refused before it ran (the queue was full: HTTP 503). */
    @Override
    public void rejected() {
        rejected.incrementAndGet();
    }

    void firstToken(long nanos) {
        timeToFirstToken.observe(seconds(nanos));
    }

    void interToken(long nanos) {
        interTokenLatency.observe(seconds(nanos));
    }

    void finished(FinishReason reason, long e2eNanos) {
        finished.get(reason).incrementAndGet();
        // A client that left did not wait for an answer: its duration is no request latency.
        if (reason != FinishReason.CANCELLED) e2eLatency.observe(seconds(e2eNanos));
    }

    void failed() {
        failed.incrementAndGet();
    }

    public void writeTo(PrometheusText out) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (var e : finished.entrySet()) byReason.put(label(e.getKey()), e.getValue().get());
        out.counter("r1j_request_success_total", "Requests that finished, by finish reason (abort: the client left).",
                        "finished_reason", byReason)
                .counter("r1j_request_failure_total", "Requests the engine failed (an internal error).", failed.get())
                .counter("r1j_num_requests_rejected_total", "Requests refused because the queue was full (HTTP 503).",
                        rejected.get())
                .histogram("r1j_time_to_first_token_seconds",
                        "Time from submission to the first generated token, in seconds.", timeToFirstToken.snapshot())
                .histogram("r1j_inter_token_latency_seconds",
                        "Time between two consecutive generated tokens of a request, in seconds.",
                        interTokenLatency.snapshot())
                .histogram("r1j_e2e_request_latency_seconds",
                        "Time from submission to the last token of requests that finished (stop or length), in seconds.",
                        e2eLatency.snapshot());
    }

    /** vLLM's names: stop, length, abort. */
    static String label(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CANCELLED -> "abort";
        };
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
