package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching over HTTP: 16 streams at once, each answer equal to the same request run alone (same seed),
 * reasoning and content alike.
 */
class ConcurrencyTest {
    private static final int STREAMS = 16;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.maxNumSeqs(STREAMS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sampled (not greedy), so the seed decides the text; two prompts, so prompts of different lengths mix. */
    private static String request(int i) {
        String user = i % 2 == 0 ? "Why is the sky blue?" : "Name three prime numbers and explain why they are prime.";
        return "{\"model\":\"" + TestServer.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]"
                + ",\"temperature\":0.8,\"top_p\":0.95,\"seed\":" + (1000 + i)
                + ",\"max_tokens\":96,\"ignore_eos\":true,\"stream\":true}";
    }

    /** Reasoning and content of a streamed answer, and its finish reason. */
    private record Answer(String reasoning, String content, String finish) {}

    private static Answer parse(String sse) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        String finish = null;
        for (JsonNode event : TestServer.events(sse)) {
            if (event.has("error")) throw new AssertionError("the stream reported an error: " + event);
            for (JsonNode choice : event.get("choices")) {
                JsonNode delta = choice.get("delta");
                if (delta.hasNonNull("reasoning_content")) reasoning.append(delta.get("reasoning_content").asText());
                if (delta.hasNonNull("content")) content.append(delta.get("content").asText());
                if (choice.hasNonNull("finish_reason")) finish = choice.get("finish_reason").asText();
            }
        }
        return new Answer(reasoning.toString(), content.toString(), finish);
    }

    private static CompletableFuture<Answer> send(int i) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request(i)))
                .build();
        return server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) throw new AssertionError("request " + i + ": " + r.statusCode() + " " + r.body());
            return parse(r.body());
        });
    }

    @Test
    void sixteen_simultaneous_streams_each_equal_the_same_request_run_alone() throws Exception {
        // Watch the engine while the streams run: they must have shared the batch, not queued one by one.
        AtomicInteger peakRunning = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                int running = (int) Scrape.of(server).value("r1j_num_requests_running");
                peakRunning.accumulateAndGet(running, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<CompletableFuture<Answer>> together = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) together.add(send(i));
        CompletableFuture.allOf(together.toArray(CompletableFuture[]::new)).join();
        watching.set(false);
        watcher.join();

        for (int i = 0; i < STREAMS; i++) {
            Answer alone = send(i).join();
            Answer concurrent = together.get(i).join();
            assertThat(concurrent).as("request %d (seed %d) run with 15 others vs alone", i, 1000 + i).isEqualTo(alone);
            assertThat(alone.finish()).isEqualTo("length");
            assertThat(alone.reasoning() + alone.content()).isNotEmpty();
        }
        assertThat(peakRunning.get()).as("most requests running at once").isGreaterThan(1);
        // Different seeds, different answers: the comparison above is not between sixteen copies of one text.
        assertThat(new HashSet<>(together.stream().map(CompletableFuture::join).toList())).hasSizeGreaterThan(STREAMS / 2);
    }
}
