package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over the real engine: every number moves with real requests, and a disconnect frees all. */
class MetricsTest {
    private static final String KEY = "metrics-key";
    private static final String AUTH = "Bearer " + KEY;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        // A long context, so the disconnected request below could run for many seconds if it were not cancelled.
        server = TestServer.start(b -> b.apiKey(KEY).maxModelLen(4096).maxNumSeqs(2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String user, int maxTokens, boolean stream) {
        return "{\"model\":\"" + TestServer.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]"
                + ",\"temperature\":0,\"ignore_eos\":true,\"max_tokens\":" + maxTokens + ",\"stream\":" + stream + "}";
    }

    @Test
    void metrics_are_prometheus_text_without_the_api_key() {
        TestServer.Reply r = server.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(r.body()).contains("# TYPE r1j_num_requests_running gauge",
                "# TYPE r1j_num_requests_waiting gauge",
                "# TYPE r1j_kv_cache_usage_perc gauge",
                "# TYPE r1j_prompt_tokens_total counter",
                "# TYPE r1j_generation_tokens_total counter",
                "# TYPE r1j_prefix_cache_hits_total counter",
                "# TYPE r1j_num_preemptions_total counter",
                "# TYPE r1j_request_success_total counter",
                "# TYPE r1j_time_to_first_token_seconds histogram",
                "# TYPE r1j_inter_token_latency_seconds histogram",
                "# TYPE r1j_e2e_request_latency_seconds histogram",
                "model_name=\"" + TestServer.MODEL + "\"");
        Scrape s = Scrape.parse(r.body());
        assertThat(s.value("r1j_kv_cache_blocks_total")).isEqualTo(2 * 4096 / 16);
        // The /v1 routes still want the key.
        assertThat(server.get("/v1/models").status()).isEqualTo(401);
    }

    @Test
    void a_finished_request_moves_the_token_counters_and_the_latency_histograms() {
        Scrape before = Scrape.of(server);
        TestServer.Reply r = server.post("/v1/chat/completions", chat("Count to ten.", 12, false),
                "Authorization", AUTH);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode usage = r.json().get("usage");
        Scrape after = Scrape.of(server);

        assertThat(delta(before, after, "r1j_generation_tokens_total")).isEqualTo(12);
        assertThat(delta(before, after, "r1j_prompt_tokens_total")).isEqualTo(usage.get("prompt_tokens").asInt());
        assertThat(after.value("r1j_request_success_total", "finished_reason=\"length\"")
                - before.value("r1j_request_success_total", "finished_reason=\"length\"")).isEqualTo(1);
        assertThat(delta(before, after, "r1j_time_to_first_token_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "r1j_inter_token_latency_seconds_count")).isEqualTo(11);
        assertThat(delta(before, after, "r1j_e2e_request_latency_seconds_count")).isEqualTo(1);
        double e2e = delta(before, after, "r1j_e2e_request_latency_seconds_sum");
        double ttft = delta(before, after, "r1j_time_to_first_token_seconds_sum");
        double itl = delta(before, after, "r1j_inter_token_latency_seconds_sum");
        // Real event times: the parts add up to at most the whole.
        assertThat(ttft).isPositive();
        assertThat(ttft + itl).isLessThanOrEqualTo(e2e + 1e-6);
        assertThat(after.value("r1j_num_requests_running")).isZero();
        assertThat(after.value("r1j_kv_cache_blocks_used")).isZero();
    }

    @Test
    void a_repeated_prompt_is_counted_as_prefix_cache_hits() {
        String user = "Tell me a long story about a lighthouse keeper, the sea, the storms, the ships and the gulls.";
        assertThat(server.post("/v1/chat/completions", chat(user, 2, false), "Authorization", AUTH).status())
                .isEqualTo(200);
        Scrape before = Scrape.of(server);
        assertThat(server.post("/v1/chat/completions", chat(user, 2, false), "Authorization", AUTH).status())
                .isEqualTo(200);
        Scrape after = Scrape.of(server);
        assertThat(delta(before, after, "r1j_prefix_cache_hits_total")).isGreaterThanOrEqualTo(16);
        assertThat(delta(before, after, "r1j_prefix_cache_queries_total"))
                .isEqualTo(delta(before, after, "r1j_prompt_tokens_total"));
    }

    @Test
    void a_client_that_disconnects_mid_stream_frees_its_sequence_and_kv_blocks() throws Exception {
        Scrape before = Scrape.of(server);
        int maxTokens = 4000;
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            byte[] body = chat("Write forever.", maxTokens, true).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + AUTH + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int events = 0;
            for (String line; events < 5 && (line = in.readLine()) != null; ) {
                if (line.contains("data: {")) events++;
            }
            assertThat(events).isEqualTo(5);
            Scrape during = Scrape.of(server);
            assertThat(during.value("r1j_num_requests_running")).isEqualTo(1);
            assertThat(during.value("r1j_kv_cache_blocks_used")).isPositive();
        }
        // The socket is closed: the server's next write fails and cancels the sequence.
        Scrape after = awaitIdle();
        assertThat(after.value("r1j_num_requests_running")).isZero();
        assertThat(after.value("r1j_kv_cache_blocks_used")).isZero();
        assertThat(after.value("r1j_kv_cache_usage_perc")).isZero();
        assertThat(after.value("r1j_request_success_total", "finished_reason=\"abort\"")
                - before.value("r1j_request_success_total", "finished_reason=\"abort\"")).isEqualTo(1);
        // It was stopped, not run to its end.
        assertThat(delta(before, after, "r1j_generation_tokens_total")).isLessThan(maxTokens);
    }

    @Test
    void a_client_that_disconnects_from_a_non_streamed_answer_frees_its_sequence() throws Exception {
        Scrape before = Scrape.of(server);
        int maxTokens = 4000;
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            byte[] body = chat("Write forever.", maxTokens, false).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + AUTH + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // Nothing comes back until the end; wait until it is generating, as curl -m1 would have.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (delta(before, Scrape.of(server), "r1j_generation_tokens_total") < 8 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Scrape.of(server).value("r1j_num_requests_running")).isEqualTo(1);
        }
        // Nothing is written while it generates: the server must notice the close by itself.
        Scrape after = awaitIdle();
        assertThat(after.value("r1j_num_requests_running")).isZero();
        assertThat(after.value("r1j_kv_cache_blocks_used")).isZero();
        assertThat(after.value("r1j_request_success_total", "finished_reason=\"abort\"")
                - before.value("r1j_request_success_total", "finished_reason=\"abort\"")).isEqualTo(1);
        assertThat(delta(before, after, "r1j_generation_tokens_total")).isLessThan(maxTokens);
    }

    /** Polls until nothing runs and no KV block is held, for at most 3 s; returns the last scrape. */
    private static Scrape awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        Scrape s;
        do {
            s = Scrape.of(server);
            if (s.value("r1j_num_requests_running") == 0 && s.value("r1j_kv_cache_blocks_used") == 0) return s;
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return s;
    }

    private static double delta(Scrape before, Scrape after, String name) {
        return after.value(name) - before.value(name);
    }
}
