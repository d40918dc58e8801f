package r1j.router.upstream;

/**
 * The centre could not answer: every attempt failed, the budget ran out, or the breaker is open. The router then
 * falls back to the edge; {@link #reason()} says which, for the route's {@code reason}.
 */
public final class UpstreamFailure extends Exception {
    private final String reason;

    public UpstreamFailure(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** {@code breaker_open}, {@code timeout}, {@code connection}, {@code status_503}... */
    public String reason() {
        return reason;
    }
}
