package r1j.router.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import r1j.router.config.RouteConfig;
import r1j.router.metrics.RouteMetrics;

/**
 * One OpenAI-compatible endpoint of the centre, called with the JDK's HTTP client. A call is retried on connection
 * errors, timeouts, 429 and 5xx while attempts and the time budget last; every attempt's outcome feeds the endpoint's
 * circuit breaker, and an open breaker fails the call at once (no network traffic) so a dead centre costs the client
 * nothing before the edge answers.
 */
public final class Upstream {
    private static final Logger LOG = Logger.getLogger(Upstream.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteConfig.Upstream config;
    private final URI chatCompletions;
    private final String bearer;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final RouteMetrics metrics;

    /** {@code apiKey} is the key's value (null: none), read by the caller from {@code api_key_env}. */
    public Upstream(RouteConfig.Upstream config, String apiKey, RouteConfig.Breaker breaker, RouteMetrics metrics) {
        this.config = config;
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.chatCompletions = URI.create(base + "/chat/completions");
        this.bearer = apiKey == null || apiKey.isEmpty() ? null : "Bearer " + apiKey;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.breaker = CircuitBreaker.of(config.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.windowCalls())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRatePercent())
                .waitDurationInOpenState(Duration.ofMillis(breaker.openMs()))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        this.metrics = metrics;
    }

    public String name() {
        return config.name();
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** A non-streamed chat completion. */
    public UpstreamReply complete(ObjectNode request) throws UpstreamFailure {
        ObjectNode body = prepare(request, false);
        HttpResponse<byte[]> response = send(body, HttpResponse.BodyHandlers.ofByteArray());
        try {
            if (!(JSON.readTree(response.body()) instanceof ObjectNode answer)) {
                throw failed("bad_body", "answered something other than a JSON object");
            }
            return new UpstreamReply(name(), answer);
        } catch (IOException e) {
            throw failed("bad_body", "answered invalid JSON");
        }
    }

    /** A streamed chat completion, open once the upstream said 200; the body is the raw event stream. */
    public UpstreamStream stream(ObjectNode request) throws UpstreamFailure {
        HttpResponse<InputStream> response = send(prepare(request, true), HttpResponse.BodyHandlers.ofInputStream());
        // A stream may last long, but not fall silent for longer than a whole answer may take.
        return new UpstreamStream(name(), response.headers().firstValue("Content-Type").orElse("text/event-stream"),
                new IdleTimeoutInputStream(response.body(), Duration.ofMillis(config.timeoutMs())));
    }

    private ObjectNode prepare(ObjectNode request, boolean stream) {
        ObjectNode body = request.deepCopy();
        if (config.model() != null) body.put("model", config.model());
        body.put("stream", stream);
        return body;
    }

    private <T> HttpResponse<T> send(ObjectNode body, HttpResponse.BodyHandler<T> handler) throws UpstreamFailure {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(chatCompletions)
                .timeout(Duration.ofMillis(config.timeoutMs()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bearer != null) request.header("Authorization", bearer);
        long start = System.nanoTime();
        long budget = TimeUnit.MILLISECONDS.toNanos(config.retryBudgetMs());
        UpstreamFailure last = null;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                long backoff = TimeUnit.MILLISECONDS.toNanos(100L << Math.min(attempt - 1, 4));
                if (System.nanoTime() + backoff - start > budget) break;
                sleep(backoff);
            }
            if (!breaker.tryAcquirePermission()) {
                throw last != null ? last : new UpstreamFailure("breaker_open", name() + ": circuit breaker is open");
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<T> response = exchange(request.build(), handler);
                int status = response.statusCode();
                if (status / 100 == 2) {
                    breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    return response;
                }
                discard(response);
                last = failure(t0, "status_" + status, "answered HTTP " + status);
                // A client error other than 429 repeats on every attempt (a bad key, a request it refuses).
                if (status / 100 == 4 && status != 429) break;
            } catch (HttpTimeoutException e) {
                last = failure(t0, "timeout", "timed out after " + config.timeoutMs() + " ms");
            } catch (IOException e) {
                last = failure(t0, "connection", "connection failed: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                breaker.releasePermission();
                throw new UpstreamFailure("interrupted", name() + ": interrupted");
            }
        }
        throw last;
    }

    /**
     * One attempt. The request's own timeout covers only the wait for the response headers, so the whole exchange
     * (body included: a centre that sends headers and then stalls) is bounded here as well; for a stream the body
     * is the stream itself, guarded by {@link IdleTimeoutInputStream} instead.
     */
    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        var future = http.sendAsync(request, handler);
        try {
            return future.get(config.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true); // aborts the exchange and frees the connection
            throw new HttpTimeoutException("no complete answer in " + config.timeoutMs() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private UpstreamFailure failure(long t0, String reason, String what) {
        breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, new IOException(what));
        metrics.upstreamFailure(name(), reason);
        // The URL and the reason only: never the request (the client's data) nor the headers (the key).
        LOG.log(Level.WARNING, "r1j router: upstream {0} ({1}) {2}", new Object[] {name(), chatCompletions, what});
        return failed(reason, what);
    }

    private UpstreamFailure failed(String reason, String what) {
        return new UpstreamFailure(reason, name() + ": " + what);
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing only frees the connection; nothing to report.
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Upstream[" + name() + " " + chatCompletions + "]";
    }
}
