package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP plumbing under hostile clients, over raw sockets: stalled and short bodies, wrong methods, requests
 * Jetty rejects before any route, the connection cap. Every answer is OpenAI's error JSON.
 */
class HostileHttpTest {
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":1}";
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.idleTimeout(IDLE).bodyTimeout(BODY_TIMEOUT).maxConnections(6));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Response send(byte[] request, boolean closeWriteSide) throws IOException {
        return RawHttp.send(server.server.port(), request, closeWriteSide);
    }

    private static byte[] post(String contentLength, String body) {
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_body_shorter_than_its_content_length_is_a_400_logged_in_one_line() throws IOException {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("r1j.server");
        root.addHandler(capture);
        try {
            RawHttp.Response r = send(post("100", BODY.substring(0, 10)), true);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.error().get("message").asText()).contains("Content-Length");
        } finally {
            root.removeHandler(capture);
        }
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().getThrown()).isNull();
        assertThat(records.getFirst().getMessage()).doesNotContain("\n").contains("400");
    }

    @Test
    void a_stalled_body_is_a_408_after_the_idle_timeout() throws IOException {
        long t0 = System.nanoTime();
        RawHttp.Response r = send(post("100", BODY.substring(0, 10)), false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.status()).as(r.body()).isEqualTo(408);
        assertThat(r.error().get("code").asText()).isEqualTo("request_timeout");
        assertThat(seconds).isBetween(IDLE.toMillis() / 1000.0 * 0.8, 8.0);
    }

    @Test
    void a_body_trickled_below_the_idle_timeout_is_cut_at_the_body_timeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(post("100", "{"));
            long t0 = System.nanoTime();
            boolean closed = false;
            // A byte every 0.5 s: never idle for 1.5 s, and the body would take 50 s.
            for (int i = 0; i < 60 && !closed; i++) {
                Thread.sleep(500);
                try {
                    s.getOutputStream().write(' ');
                    s.getOutputStream().flush();
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(closed).as("the server still read the trickle after %.1f s", seconds).isTrue();
            assertThat(seconds).isBetween(BODY_TIMEOUT.toMillis() / 1000.0 * 0.8, 12.0);
        }
    }

    @Test
    void stalled_connections_are_closed_and_the_cap_holds_the_rest_back() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            // More half-sent requests than the server keeps open: the extra ones wait to be accepted.
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket("127.0.0.1", server.server.port());
                s.getOutputStream().write(post("1000", "{\"messages\":"));
                s.setSoTimeout(15_000);
                stalled.add(s);
            }
            long t0 = System.nanoTime();
            for (Socket s : stalled) {
                try {
                    // A 408 or a plain close, but within a few idle timeouts, not never.
                    while (s.getInputStream().read(new byte[4096]) >= 0) {
                        // drain what the server says
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a stalled connection was still open after 15 s", e);
                } catch (IOException reset) {
                    // closed by the server
                }
            }
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(12);
            // And the server still answers.
            assertThat(server.get("/health").status()).isEqualTo(200);
        } finally {
            for (Socket s : stalled) s.close();
        }
    }

    @Test
    void a_wrong_method_on_an_existing_route_is_a_405_with_allow() throws IOException {
        RawHttp.Response r = send("DELETE /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.head()).contains("Allow: POST");
        assertThat(r.error().get("message").asText()).contains("DELETE", "POST");
        // An unknown route stays a 404.
        assertThat(send("GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false)
                .status()).isEqualTo(404);
    }

    @Test
    void requests_jetty_rejects_get_json_errors_too() throws IOException {
        byte[][] requests = {
                "GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                ("GET /v1/models?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                ("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
        };
        int[] statuses = {400, 400, 414, 431};
        for (int i = 0; i < requests.length; i++) {
            RawHttp.Response r = send(requests[i], false);
            assertThat(r.status()).as(r.head()).isEqualTo(statuses[i]);
            assertThat(r.error().get("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    private static RawHttp.Response postAs(String contentType) throws IOException {
        return send(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void only_json_content_types_are_parsed() throws IOException {
        RawHttp.Response plain = postAs("text/plain");
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.error().get("message").asText()).contains("text/plain");
        assertThat(postAs("application/x-www-form-urlencoded").status()).isEqualTo(415);
        assertThat(postAs("application/json; charset=utf-8").status()).isEqualTo(200);
        assertThat(postAs("application/vnd.r1j+json").status()).isEqualTo(200);
    }

    @Test
    void a_body_without_content_type_is_read_as_json() throws IOException {
        RawHttp.Response r = send(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY.length() + "\r\n\r\n"
                + BODY).getBytes(StandardCharsets.UTF_8), false);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
