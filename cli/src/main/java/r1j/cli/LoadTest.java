package r1j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs a load test: {@code concurrency} workers take requests from a shared count until {@code requests} were
 * sent, each a streamed chat completion timed from sending to its first text (reasoning or content) and to
 * {@code [DONE]}. Generated tokens come from the stream's usage chunk ({@code stream_options.include_usage}),
 * else from the number of text chunks.
 */
final class LoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    LoadTest(URI base, String apiKey, Duration timeout) {
        this.base = base;
        this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
        this.timeout = timeout;
        // HTTP/1.1: one connection per stream, as every OpenAI client does it.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    record Plan(String model, String prompt, int maxTokens, boolean ignoreEos, int requests, int concurrency) {}

    /** One request's outcome; times in nanoseconds, error null when it succeeded. */
    record Result(long ttftNanos, long e2eNanos, int tokens, String error) {}

    String firstModel() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/v1/models").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/models answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode data = JSON.readTree(r.body()).path("data");
        if (!data.isArray() || data.isEmpty()) throw new IllegalStateException("GET /v1/models lists no model");
        return data.get(0).path("id").asText();
    }

    /** Sends {@code count} requests of the plan one at a time, untimed; the first failure ends the test. */
    void warmUp(Plan plan, int count) {
        byte[] body = body(plan);
        for (int i = 0; i < count; i++) {
            Result r = one(body);
            if (r.error() != null) throw new IllegalStateException("the warm-up request failed: " + r.error());
        }
    }

    Report run(Plan plan) throws InterruptedException {
        byte[] body = body(plan);
        AtomicInteger next = new AtomicInteger();
        List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < plan.concurrency(); w++) {
                running.add(workers.submit(() -> {
                    while (next.getAndIncrement() < plan.requests()) results.add(one(body));
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a load-test worker failed", e.getCause());
                }
            }
        }
        return new Report(plan, List.copyOf(results), System.nanoTime() - start);
    }

    private byte[] body(Plan plan) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", plan.model());
        b.putArray("messages").addObject().put("role", "user").put("content", plan.prompt());
        b.put("max_tokens", plan.maxTokens());
        if (plan.ignoreEos()) b.put("ignore_eos", true);
        b.put("stream", true);
        b.putObject("stream_options").put("include_usage", true);
        try {
            return JSON.writeValueAsBytes(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result one(byte[] body) {
        long sent = System.nanoTime();
        HttpRequest req = request("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = r.body()) {
                if (r.statusCode() != 200) {
                    return new Result(0, 0, 0, "HTTP " + r.statusCode() + ": " + String.join("\n", lines.toList()));
                }
                long firstText = 0;
                int textChunks = 0;
                int usageTokens = -1;
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (!line.startsWith("data: ")) continue;
                    String data = line.substring(6);
                    if (data.equals("[DONE]")) {
                        long e2e = System.nanoTime() - sent;
                        // Read the response to its end (the chunked body's last chunk follows [DONE]): a stream closed
                        // before it leaves the pooled connection in doubt, and the next request sent on it may find
                        // it closed ("header parser received no bytes"), an error of this client, not of the server.
                        while (it.hasNext()) it.next();
                        return new Result(firstText == 0 ? e2e : firstText - sent, e2e,
                                usageTokens >= 0 ? usageTokens : textChunks, null);
                    }
                    JsonNode chunk = JSON.readTree(data);
                    if (chunk.has("error")) return new Result(0, 0, 0, "stream error: " + chunk.get("error"));
                    if (chunk.path("usage").has("completion_tokens")) {
                        usageTokens = chunk.path("usage").path("completion_tokens").asInt();
                    }
                    for (JsonNode choice : chunk.path("choices")) {
                        JsonNode delta = choice.path("delta");
                        if (!delta.path("content").asText("").isEmpty()
                                || !delta.path("reasoning_content").asText("").isEmpty()) {
                            if (firstText == 0) firstText = System.nanoTime();
                            textChunks++;
                        }
                    }
                }
                return new Result(0, 0, 0, "the stream ended without data: [DONE]");
            }
        } catch (IOException e) {
            return new Result(0, 0, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, 0, 0, "interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    /** What a run measured. */
    record Report(Plan plan, List<Result> results, long wallNanos) {
        long failed() {
            return results.stream().filter(r -> r.error() != null).count();
        }

        String format() {
            List<Result> ok = results.stream().filter(r -> r.error() == null).toList();
            long tokens = ok.stream().mapToLong(Result::tokens).sum();
            double seconds = wallNanos / 1e9;
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "  completed %d, failed %d in %.2f s%n", ok.size(), failed(), seconds));
            out.append(String.format(Locale.ROOT, "  requests/s          %.2f%n", ok.size() / seconds));
            out.append(String.format(Locale.ROOT, "  generated tokens/s  %.1f (aggregate: %d tokens)%n",
                    tokens / seconds, tokens));
            if (!ok.isEmpty()) {
                long[] ttft = ok.stream().mapToLong(Result::ttftNanos).sorted().toArray();
                long[] e2e = ok.stream().mapToLong(Result::e2eNanos).sorted().toArray();
                out.append(String.format(Locale.ROOT, "  TTFT  p50 %s  p95 %s%n",
                        millis(Percentiles.nearestRank(ttft, 50)), millis(Percentiles.nearestRank(ttft, 95))));
                out.append(String.format(Locale.ROOT, "  e2e   p50 %s  p95 %s%n",
                        millis(Percentiles.nearestRank(e2e, 50)), millis(Percentiles.nearestRank(e2e, 95))));
            }
            results.stream().filter(r -> r.error() != null).limit(3)
                    .forEach(r -> out.append("  error: ").append(r.error()).append('\n'));
            return out.toString();
        }

        private static String millis(long nanos) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
    }
}
