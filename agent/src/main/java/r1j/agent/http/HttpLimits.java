package r1j.agent.http;

import java.time.Duration;

/**
 * Bounds on one tool's HTTP call.
 *
 * @param timeout          the whole call, redirects included: connecting, waiting, reading
 * @param maxResponseBytes largest body read (after decompression); a larger one fails the call
 * @param maxRedirects     redirects followed before the call fails
 */
public record HttpLimits(Duration timeout, long maxResponseBytes, int maxRedirects) {
    public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(10), 1 << 20, 5);

    public HttpLimits {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (maxResponseBytes < 1) throw new IllegalArgumentException("maxResponseBytes must be >= 1");
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must be >= 0");
    }
}
