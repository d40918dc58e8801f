package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.testkit.Fixtures;

/**
 * Durability: the server process is killed with SIGKILL while it streams a reply, then restarted on the same data
 * directory. Every acknowledged turn and event must still be there, the half-written reply must be absent or marked
 * incomplete, and the SQLite file must pass its integrity check. Repeated to hit different moments of the stream.
 */
class KillRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/v1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int KILLS = 3;

    @TempDir
    Path dataDir;

    @Test
    void acknowledged_turns_survive_sigkill_mid_stream_and_half_replies_are_never_corrupt() throws Exception {
        Server server = Server.start(dataDir);
        String id;
        List<JsonNode> acknowledged;
        try {
            JsonNode created = server.post("/v1/conversations", "{\"domain\": {\"slots\": [{\"name\": \"guests\", "
                    + "\"type\": \"number\", \"synonyms\": [\"people\"]}]}, \"metadata\": {\"test\": \"kill\"}}");
            id = created.get("id").asText();
        } catch (Throwable t) {
            server.kill();
            throw t;
        }
        for (int round = 1; round <= KILLS; round++) {
            // Two acknowledged turns: each response returned, so each turn is durable.
            server.post("/v1/conversations/" + id + "/messages", message("table for " + (round + 1) + " people", false, 8));
            server.post("/v1/conversations/" + id + "/messages", message("round " + round + " confirmed", false, 8));
            acknowledged = events(server, id);

            // A long streamed reply, killed after a few deltas.
            int deltas = 2 + round * 3;
            CompletableFuture<Integer> seen = server.streamUntil("/v1/conversations/" + id + "/messages",
                    message("now think at length about round " + round, true, 400), deltas);
            assertThat(seen.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(deltas);
            server.kill();

            assertThat(integrityCheck(dataDir.resolve("conversations.db"))).isEqualTo("ok");
            server = Server.start(dataDir);
            List<JsonNode> after = events(server, id);
            assertThat(after.size()).isGreaterThanOrEqualTo(acknowledged.size());
            for (int i = 0; i < acknowledged.size(); i++) {
                assertThat(after.get(i)).as("acknowledged event %d after kill %d", i, round).isEqualTo(acknowledged.get(i));
            }
            String interrupted = after.subList(acknowledged.size(), after.size()).stream()
                    .map(e -> e.get("type").asText() + (e.has("complete") ? "(complete=" + e.get("complete") + ")" : ""))
                    .toList().toString();
            System.out.printf("kill %d after %d streamed deltas: %d acknowledged events intact, interrupted turn left %s,"
                    + " integrity ok%n", round, seen.get(), acknowledged.size(), interrupted);
            for (JsonNode e : after.subList(acknowledged.size(), after.size())) {
                // Only the interrupted turn may follow: its user message and tracking, never a complete reply.
                if (e.get("type").asText().equals("assistant_message")) {
                    assertThat(e.get("complete").asBoolean()).as("reply written during the kill").isFalse();
                }
                assertThat(e.get("turn").asInt()).isEqualTo(acknowledged.getLast().get("turn").asInt() + 1);
            }
        }
        try {
            // The conversation goes on after the last restart.
            JsonNode turn = server.post("/v1/conversations/" + id + "/messages", message("still there?", false, 4));
            assertThat(turn.get("object").asText()).isEqualTo("conversation.turn");
        } finally {
            server.kill();
        }
    }

    private static String message(String text, boolean stream, int maxTokens) {
        return "{\"content\": \"" + text + "\", \"stream\": " + stream + ", \"max_tokens\": " + maxTokens
                + ", \"tracking\": \"rules\", \"seed\": 3}";
    }

    private static List<JsonNode> events(Server server, String id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        server.get("/v1/conversations/" + id + "/events").get("data").forEach(out::add);
        return out;
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet r = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            return r.next() ? r.getString(1) : "no answer";
        }
    }

    /** {@code r1j serve} in its own JVM on a free loopback port. */
    private record Server(Process process, String base) {
        static Server start(Path dataDir) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path model = Fixtures.root().resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf");
            ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--model", model.toString(), "--host", "127.0.0.1", "--port", "0", "--threads", "2",
                    "--max-model-len", "1024", "--data-dir", dataDir.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            CompletableFuture<String> base = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> drain(p.getInputStream(), base));
            try {
                return new Server(p, base.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                p.destroyForcibly();
                throw e;
            }
        }

        private static void drain(InputStream in, CompletableFuture<String> base) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder log = new StringBuilder();
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) base.complete("http://127.0.0.1:" + m.group(1));
                }
                base.completeExceptionally(new IllegalStateException("server exited before listening:\n" + log));
            } catch (IOException e) {
                base.completeExceptionally(e);
            }
        }

        /** SIGKILL: no shutdown hook, no flush, no goodbye. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        JsonNode post(String path, String body) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
            return JSON.readTree(r.body());
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        /** Streams a request in the background; completes with the number of delta events once {@code wanted} came. */
        CompletableFuture<Integer> streamUntil(String path, String body, int wanted) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofInputStream());
                    int deltas = 0;
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.contains("conversation.message.delta") && ++deltas >= wanted) {
                                done.complete(deltas);
                            }
                        }
                    }
                    done.complete(deltas);
                } catch (Exception e) {
                    done.complete(-1);
                }
            });
            return done;
        }
    }
}
