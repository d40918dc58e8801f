package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;

/**
 * The engine behind the HTTP layer: a client that disconnects mid-stream stops its generation, and a full queue
 * answers 503 at once. The engine here writes one token every few milliseconds until cancelled or released, so
 * timing is under the test's control.
 */
class EngineAccessTest {
    private static final CountDownLatch CANCEL_SEEN = new CountDownLatch(1);
    private static final AtomicInteger GENERATIONS = new AtomicInteger();
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withEngine((prompt, settings, sink, cancelled) -> {
            GENERATIONS.incrementAndGet();
            int n = 0;
            while (n < settings.maxTokens()) {
                if (cancelled.getAsBoolean()) {
                    CANCEL_SEEN.countDown();
                    return new GenerationResult(new int[n], "", FinishReason.CANCELLED, prompt.length, 0, 0, 0);
                }
                sink.accept(n++, "x");
                sleep(5);
            }
            return new GenerationResult(new int[n], "x".repeat(n), FinishReason.LENGTH, prompt.length, 0, 0, 0);
        }, b -> b.maxWaitingRequests(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String body(int maxTokens, boolean stream) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":" + maxTokens
                + ",\"stream\":" + stream + "}";
    }

    /** Starts a streamed request on a raw socket and returns once {@code events} data lines arrived. */
    private static Socket openStream(int events) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.server.port());
        socket.setSoTimeout(10_000);
        byte[] json = body(400, true).getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        int seen = 0;
        String line;
        while (seen < events && (line = in.readLine()) != null) {
            if (line.startsWith("data: ")) seen++;
        }
        assertThat(seen).isEqualTo(events);
        return socket;
    }

    @Test
    void a_client_that_disconnects_mid_stream_cancels_its_generation_promptly() throws Exception {
        Socket socket = openStream(5);
        long closedAt = System.nanoTime();
        socket.close();
        // 400 tokens at 5 ms would take 2 s; the cancellation must come long before.
        assertThat(CANCEL_SEEN.await(1500, TimeUnit.MILLISECONDS)).as("generation cancelled").isTrue();
        long cancelMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertThat(cancelMillis).isLessThan(1500);
        long start = System.nanoTime();
        TestServer.Reply next = server.post("/v1/chat/completions", body(3, false));
        assertThat(next.status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void a_full_queue_answers_503_at_once_and_the_queued_requests_still_finish() throws Exception {
        Socket running = openStream(2);
        int before = GENERATIONS.get();
        HttpRequest waitingRequest = HttpRequest.newBuilder(URI.create(server.base() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(3, false))).build();
        CompletableFuture<HttpResponse<String>> waiting =
                server.http.sendAsync(waitingRequest, HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.engine.stats().waiting() < 1 && System.nanoTime() < deadline) sleep(5);
        assertThat(server.engine.stats().waiting()).isEqualTo(1);

        TestServer.Reply refused = server.post("/v1/chat/completions", body(3, false));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("error").get("message").asText()).contains("busy");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();

        running.close();
        HttpResponse<String> queued = waiting.get(10, TimeUnit.SECONDS);
        assertThat(queued.statusCode()).isEqualTo(200);
        assertThat(GENERATIONS.get()).isEqualTo(before + 1);
    }
}
