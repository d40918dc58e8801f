package r1j.eval.client;

/** The endpoint answered with an error, broke the stream, or could not be reached. {@code retryable} says whether
 * asking again may help (connection failures, 429, 5xx) or not (4xx: the request itself is wrong). */
public final class EndpointException extends Exception {
    private final boolean retryable;

    public EndpointException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
