package r1j.server;

import r1j.server.http.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.dialogue.store.JdbcConversationStore;

/**
 * Seeded, bounded fuzzing of requests the way issue 13's hostile client sent them: blank and mistyped integer
 * fields, other content types, bodies shorter than their Content-Length, wrong methods, bad URL escapes and control
 * characters, oversized URIs and headers, schema keywords the decoder does not enforce, and conversation domains
 * whose slot patterns backtrack catastrophically. Every answer must be a 2xx or a 4xx in OpenAI's error shape,
 * quickly, and the server must stay healthy.
 */
class RequestFuzzTest {
    private static final int REQUESTS = 160;

    @TempDir
    static Path dataDir;
    private static JdbcConversationStore store;
    private static TestServer server;
    private static String conversation;

    @BeforeAll
    static void start() throws Exception {
        store = JdbcConversationStore.sqlite(dataDir);
        server = TestServer.withConversations(store, b -> b.maxModelLen(512).idleTimeout(Duration.ofSeconds(2)));
        TestServer.Reply created = server.post("/v1/conversations", Json.MAPPER.createObjectNode().put("domain",
                "intents: [{name: ask, examples: [hello]}]\nslots: [{name: word, type: text, pattern: '(.*a){12}$'}]")
                .toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        conversation = created.json().get("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    private static final List<String> INTEGER_VALUES = List.of("\" \"", "\"\"", "\" 7 \"", "\"7\"", "1.5", "true",
            "-1", "0", "2147483648", "1e3", "null", "[]", "{}");
    private static final List<String> INTEGER_FIELDS = List.of("n", "max_tokens", "max_completion_tokens", "top_k",
            "seed", "top_logprobs");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/vnd.api+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
            "", "application/jsonx", ";;;");
    private static final List<String> CONTENTS = List.of("\"hi\"", "5", "true", "null", "[]", "{}", "\" \"",
            "[{\"type\":\"text\",\"text\":\"hi\"}]", "[{\"type\":\"image_url\"}]");
    private static final List<String> SCHEMA_KEYWORDS = List.of("\"pattern\":\"(.*a){12}$\"", "\"minLength\":3",
            "\"format\":\"date\"", "\"title\":\"T\"", "\"maximum\":5", "\"$ref\":\"#\"");
    private static final List<String> ROUTES = List.of("/v1/chat/completions", "/v1/completions", "/v1/models",
            "/tokenize", "/v1/conversations", "/health", "/metrics");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    @Test
    void hostile_requests_get_clean_answers_and_the_server_stays_healthy() throws IOException {
        SplittableRandom random = new SplittableRandom(13);
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            byte[] request = switch (i % 8) {
                case 0 -> chat(random, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1,\""
                        + pick(random, INTEGER_FIELDS) + "\":" + pick(random, INTEGER_VALUES) + "}", "application/json");
                case 1 -> chat(random, "{\"messages\":[{\"role\":\"user\",\"content\":" + pick(random, CONTENTS)
                        + "}],\"max_tokens\":1}", pick(random, CONTENT_TYPES));
                case 2 -> post("/v1/conversations/" + conversation + "/messages", "{\"content\":"
                        + (random.nextBoolean() ? "\"" + "a".repeat(20 + random.nextInt(40)) + "!\"" : pick(random, CONTENTS))
                        + ",\"max_tokens\":1,\"tracking\":\"rules\"}", "application/json", 0);
                case 3 -> chat(random, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1,"
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":"
                        + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"," + pick(random, SCHEMA_KEYWORDS)
                        + "}}}}}}", "application/json");
                case 4 -> {
                    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1}";
                    yield post("/v1/chat/completions", body.substring(0, random.nextInt(body.length())), "application/json",
                            body.length());
                }
                case 5 -> (pick(random, METHODS) + " " + pick(random, ROUTES) + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                case 6 -> ("GET /v1/" + garbage(random) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                default -> ("GET /health HTTP/1.1\r\nHost: x\r\nX-Fuzz: " + garbage(random) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
            };
            boolean shortBody = i % 8 == 4;
            long t0 = System.nanoTime();
            RawHttp.Response r = RawHttp.send(server.server.port(), request, shortBody);
            double seconds = (System.nanoTime() - t0) / 1e9;
            String what = "request " + i + ": " + new String(request, StandardCharsets.ISO_8859_1).lines().findFirst()
                    .orElse("") + " -> " + r.status() + " " + r.body();
            assertThat(r.status()).as(what).isBetween(200, 499);
            if (r.status() >= 400) r.error();
            assertThat(seconds).as(what).isLessThan(5);
        }
        assertThat(server.get("/health").status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(60);
    }

    private static String pick(SplittableRandom random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Bytes a URL or a header may not hold: bad escapes, controls, NUL, or simply far too many. */
    private static String garbage(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> "%" + (char) ('g' + random.nextInt(10)) + "z";
            case 1 -> "a" + (char) random.nextInt(32) + "b";
            case 2 -> "x".repeat(9_000 + random.nextInt(20_000));
            case 3 -> "%00%ff%c0%af";
            default -> new String(new char[] {(char) (0x80 + random.nextInt(0x80)), '\u00ff'});
        };
    }

    private static byte[] chat(SplittableRandom random, String body, String contentType) {
        return post(random.nextInt(4) == 0 ? "/v1/completions" : "/v1/chat/completions", body, contentType, 0);
    }

    /** A POST; {@code declaredLength} above the body's own makes it a short body. */
    private static byte[] post(String path, String body, String contentType, int declaredLength) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + (contentType.isEmpty() ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + Math.max(declaredLength, bytes.length) + "\r\n\r\n";
        byte[] out = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, out, 0, head.length());
        System.arraycopy(bytes, 0, out, head.length(), bytes.length);
        return out;
    }
}
