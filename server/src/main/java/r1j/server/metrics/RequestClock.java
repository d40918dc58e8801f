package r1j.server.metrics;

import r1j.engine.generate.FinishReason;
import r1j.engine.runtime.RequestMonitor;

/**
 * Times one request from the engine's events, as they happen: its first token (time to first token), each later
 * token (inter-token latency) and its end (end-to-end latency, finish reason). Called on the engine thread only.
 */
public final class RequestClock implements RequestMonitor.Timer {
    private final RequestMetrics metrics;
    private final long submittedAt;
    private long lastTokenAt;
    private int tokensSeen;

    RequestClock(RequestMetrics metrics, long submittedAt) {
        this.metrics = metrics;
        this.submittedAt = submittedAt;
    }

    /** A generated token was reported at {@code now}. */
    @Override
    public void token(long now) {
        if (tokensSeen == 0) metrics.firstToken(now - submittedAt);
        else metrics.interToken(now - lastTokenAt);
        lastTokenAt = now;
        tokensSeen++;
    }

    /**
     * The request ended at {@code now} after generating {@code tokensGenerated} tokens. The engine does not report
     * a last token that adds no text (an end-of-sequence token) but ends the request in the same step, so a token
     * generated and not seen is timed here.
     */
    @Override
    public void finish(FinishReason reason, int tokensGenerated, long now) {
        if (reason != FinishReason.CANCELLED && tokensGenerated > tokensSeen) token(now);
        metrics.finished(reason, now - submittedAt);
    }

    @Override
    public void fail() {
        metrics.failed();
    }
}
