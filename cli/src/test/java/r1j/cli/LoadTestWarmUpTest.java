package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Warm-up requests are sent before the timed run and left out of its report; a failed one ends the test. */
class LoadTestWarmUpTest {
    private final AtomicInteger chats = new AtomicInteger();
    private volatile int status = 200;
    private HttpServer server;

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            chats.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = (status == 200
                    ? "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"Hm\"}}]}\n\n"
                      + "data: {\"choices\":[],\"usage\":{\"completion_tokens\":3}}\n\n" + "data: [DONE]\n\n"
                    : "{\"error\":{\"message\":\"down\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(status, 0);   // chunked, as a streaming server answers
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void warm_up_requests_are_sent_first_and_not_counted_in_the_report() throws Exception {
        LoadTest test = new LoadTest(start(), null, Duration.ofSeconds(10));
        LoadTest.Plan plan = new LoadTest.Plan("m", "hi", 3, true, 4, 2);
        test.warmUp(plan, 2);
        assertThat(chats.get()).isEqualTo(2);
        LoadTest.Report report = test.run(plan);
        assertThat(chats.get()).isEqualTo(6);
        assertThat(report.failed()).isZero();
        assertThat(report.results()).hasSize(4).allSatisfy(r -> assertThat(r.tokens()).isEqualTo(3));
    }

    @Test
    void a_failed_warm_up_request_ends_the_test_with_its_answer() throws Exception {
        LoadTest test = new LoadTest(start(), null, Duration.ofSeconds(10));
        status = 503;
        assertThatThrownBy(() -> test.warmUp(new LoadTest.Plan("m", "hi", 3, true, 4, 2), 1))
                .hasMessageContaining("warm-up request failed").hasMessageContaining("503");
    }
}
