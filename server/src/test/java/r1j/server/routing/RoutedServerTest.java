package r1j.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.EngineOptions;
import r1j.router.config.RouteConfig;
import r1j.server.OpenAiServer;
import r1j.server.generation.ServedModel;
import r1j.server.ServerConfig;
import r1j.server.http.Json;
import r1j.server.metrics.RequestMetrics;
import r1j.testkit.Fixtures;

/**
 * {@code serve --route} end to end on loopback: a second r1j (the tiny model, served as {@code centre-model} and
 * behind an API key) is the centre; the edge is a router in front of its own engine. The {@code model} field of an
 * answer says which server wrote it. A fault-injecting proxy between them checks timeouts, retries, the breaker and
 * the fallback to the edge.
 */
class RoutedServerTest {
    private static final String EDGE_MODEL = "edge-model";
    private static final String CENTRE_MODEL = "centre-model";
    private static final String KEY = "sk-centre-secret-4711";
    private static final String HARD = "Solve the equation x^2 = 4 step by step, then explain why. Put the final answer"
            + " in \\\\boxed{}.";
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            LOG.add(format.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private static LoadedModel model;
    private static BatchEngine centreEngine;
    private static BatchEngine edgeEngine;
    private static OpenAiServer centre;
    private static final List<OpenAiServer> edges = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Logger.getLogger("").addHandler(CAPTURE);
        model = LoadedModel.load(Fixtures.tinyModel());
        centreEngine = engine();
        edgeEngine = engine();
        centre = server(CENTRE_MODEL, centreEngine, b -> b.apiKey(KEY), null);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(CAPTURE);
        edges.forEach(OpenAiServer::close);
        if (centre != null) centre.close();
        if (edgeEngine != null) edgeEngine.close();
        if (centreEngine != null) centreEngine.close();
        if (model != null) model.close();
    }

    private static BatchEngine engine() {
        return new BatchEngine(model, new EngineOptions(1, 4, 512, 4L * 512 * BatchEngine.kvBytesPerToken(model), 16,
                256, 16), new RequestMetrics());
    }

    private static OpenAiServer server(String name, BatchEngine engine,
            java.util.function.Consumer<ServerConfig.Builder> configure, RouteSetup route) {
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0).maxModelLen(512).servedModelName(name);
        configure.accept(b);
        return OpenAiServer.start(new ServedModel(name, model, 512), engine, new RequestMetrics(), b.build(), null,
                route);
    }

    /** An edge routing to {@code upstreamUrl} with the given retries, timeout and breaker. */
    private static OpenAiServer edge(String upstreamUrl, int retries, int timeoutMs, RouteConfig.Breaker breaker) {
        // The tiny model's random weights rarely stop before max_tokens: escalating on length would hide the rule.
        return edge(upstreamUrl, retries, timeoutMs, breaker, new RouteConfig.Escalation(true, false, true, null));
    }

    private static OpenAiServer edge(String upstreamUrl, int retries, int timeoutMs, RouteConfig.Breaker breaker,
            RouteConfig.Escalation escalate) {
        RouteConfig config = new RouteConfig("test-7", 0.45, null, escalate, List.of(new RouteConfig.Upstream("big",
                upstreamUrl, CENTRE_MODEL, "CENTRE_KEY", 1000, timeoutMs, retries, 5000)), breaker);
        OpenAiServer s = server(EDGE_MODEL, edgeEngine, b -> {}, RouteSetup.of(config, Map.of("CENTRE_KEY", KEY)::get));
        edges.add(s);
        return s;
    }

    private static String centreUrl() {
        return "http://127.0.0.1:" + centre.port() + "/v1";
    }

    private static String chat(String user, int maxTokens, boolean stream) {
        return "{\"model\":\"" + EDGE_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}],"
                + "\"temperature\":0,\"max_tokens\":" + maxTokens + ",\"stream\":" + stream + "}";
    }

    private static HttpResponse<String> post(int port, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) b.setHeader(headers[i], headers[i + 1]);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static String route(HttpResponse<String> r) {
        return r.headers().firstValue(RoutedChatCompletions.HEADER).orElseThrow();
    }

    @Test
    void anEasyRequestStaysOnTheEdge() {
        OpenAiServer edge = edge(centreUrl(), 0, 30_000, null);
        HttpResponse<String> r = post(edge.port(), chat("Hi", 4, false));
        JsonNode body = json(r);
        assertThat(body.path("model").asText()).isEqualTo(EDGE_MODEL);
        assertThat(route(r)).startsWith("edge; score=0.").contains("rule=test-7", "upstream=none",
                "reason=score_below_threshold");
        assertThat(body.path("route").path("target").asText()).isEqualTo("edge");
        assertThat(body.path("route").path("rule").asText()).isEqualTo("test-7");
    }

    @Test
    void requestsTheEdgeWouldRefuseAreRefusedBeforeRouting() {
        OpenAiServer edge = edge(centreUrl(), 0, 30_000, null);
        HttpResponse<String> wrongModel = post(edge.port(), chat(HARD, 4, false).replace(EDGE_MODEL, "another-model"));
        assertThat(wrongModel.statusCode()).isEqualTo(404);
        assertThat(wrongModel.body()).contains("another-model");
        HttpResponse<String> notJson = post(edge.port(), chat(HARD, 4, false), "Content-Type", "text/plain");
        assertThat(notJson.statusCode()).isEqualTo(415);
        HttpResponse<String> broken = post(edge.port(), "{\"model\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(get(edge.port(), "/metrics")).contains("r1j_route_requests_total{model_name=\"edge-model\",route=\"centre\"} 0");
    }

    @Test
    void aHardRequestGoesToTheCentreWithItsKey() {
        OpenAiServer edge = edge(centreUrl(), 0, 30_000, null);
        HttpResponse<String> r = post(edge.port(), chat(HARD, 4, false));
        JsonNode body = json(r);
        // The centre wants its key: an answer from it proves the router sent it.
        assertThat(body.path("model").asText()).isEqualTo(CENTRE_MODEL);
        assertThat(route(r)).startsWith("centre; score=0.50").contains("upstream=big", "reason=score_at_threshold");
        assertThat(body.path("route").path("upstream").asText()).isEqualTo("big");
        String metrics = get(edge.port(), "/metrics");
        assertThat(metrics).contains("r1j_route_requests_total{model_name=\"edge-model\",route=\"centre\"} 1",
                "r1j_route_breaker_state{model_name=\"edge-model\",upstream=\"big\"} 0");
        assertThat(metrics).containsPattern("r1j_route_generation_tokens_total\\{[^}]*route=\"centre\"} [1-9]");
    }

    @Test
    void streamingThroughTheRouterEqualsStreamingDirect() {
        OpenAiServer edge = edge(centreUrl(), 0, 30_000, null);
        HttpResponse<String> routed = post(edge.port(), chat(HARD, 12, true));
        HttpResponse<String> direct = post(centre.port(), chat(HARD, 12, true).replace(EDGE_MODEL, CENTRE_MODEL),
                "Authorization", "Bearer " + KEY);
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(route(routed)).startsWith("centre;");
        assertThat(routed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> viaRouter = deltas(routed.body());
        assertThat(viaRouter).hasSizeGreaterThan(3).isEqualTo(deltas(direct.body()));
        assertThat(routed.body()).endsWith("data: [DONE]\n\n");
        // With include_usage the relayed stream's usage reaches the route metrics.
        String before = get(edge.port(), "/metrics");
        post(edge.port(), chat(HARD, 5, true).replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(generated(get(edge.port(), "/metrics")) - generated(before)).isEqualTo(5);
    }

    private static long generated(String metrics) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("r1j_route_generation_tokens_total{") && line.contains("route=\"centre\"")) {
                return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no centre tokens series:\n" + metrics);
    }

    /** Each chunk's content, reasoning and finish reason: what a client reads (ids and timestamps differ). */
    private static List<String> deltas(String sse) {
        List<String> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
            try {
                JsonNode chunk = Json.MAPPER.readTree(line.substring(6));
                JsonNode c = chunk.path("choices").path(0);
                out.add(chunk.path("model").asText() + "|" + c.path("delta").path("content").asText("")
                        + "|" + c.path("delta").path("reasoning_content").asText("") + "|" + c.path("finish_reason").asText(""));
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }
        return out;
    }

    @Test
    void anEdgeAnswerCutAtMaxTokensIsEscalated() {
        OpenAiServer edge = edge(centreUrl(), 0, 30_000, null, null);
        HttpResponse<String> r = post(edge.port(), chat("Hi", 3, false).replace("\"stream\"", "\"ignore_eos\":true,\"stream\""));
        JsonNode body = json(r);
        assertThat(body.path("model").asText()).isEqualTo(CENTRE_MODEL);
        assertThat(body.path("route").path("reason").asText()).isEqualTo("escalated_length");
        assertThat(route(r)).startsWith("centre;").contains("reason=escalated_length");
        String metrics = get(edge.port(), "/metrics");
        assertThat(metrics).contains("r1j_route_escalations_total{model_name=\"edge-model\","
                + "signal=\"escalated_length\"} 1", "r1j_route_requests_total{model_name=\"edge-model\",route=\"edge\"} 0",
                "r1j_route_requests_total{model_name=\"edge-model\",route=\"centre\"} 1",
                // The three tokens the edge spent before the centre answered.
                "r1j_route_generation_tokens_total{model_name=\"edge-model\",route=\"edge\"} 3");
    }

    @Test
    void aLowMeanLogprobEscalatesAndLogprobsTheClientDidNotAskForAreNotShown() {
        // Random weights: every token is unlikely, far below a floor of -0.001.
        OpenAiServer strict = edge(centreUrl(), 0, 30_000, null, new RouteConfig.Escalation(false, false, false, -0.001));
        HttpResponse<String> r = post(strict.port(), chat("Hi", 3, false));
        assertThat(json(r).path("model").asText()).isEqualTo(CENTRE_MODEL);
        assertThat(json(r).path("route").path("reason").asText()).isEqualTo("escalated_low_logprob");
        OpenAiServer lenient = edge(centreUrl(), 0, 30_000, null, new RouteConfig.Escalation(false, false, false, -1e6));
        JsonNode kept = json(post(lenient.port(), chat("Hi", 3, false)));
        assertThat(kept.path("model").asText()).isEqualTo(EDGE_MODEL);
        assertThat(kept.path("choices").path(0).path("logprobs").isNull()).isTrue();
        // A client that asked for them keeps them.
        JsonNode asked = json(post(lenient.port(), chat("Hi", 3, false).replace("\"stream\"", "\"logprobs\":true,\"stream\"")));
        assertThat(asked.path("choices").path(0).path("logprobs").path("content")).hasSize(3);
    }

    @Test
    void upstream5xxIsRetriedThenTheEdgeAnswers() throws IOException {
        try (FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + centre.port())) {
            OpenAiServer edge = edge(proxy.url(), 2, 30_000, null);
            proxy.mode(FaultProxy.Mode.ERROR_503);
            HttpResponse<String> r = post(edge.port(), chat(HARD, 4, false));
            JsonNode body = json(r);
            assertThat(body.path("model").asText()).isEqualTo(EDGE_MODEL);
            assertThat(body.path("route").path("reason").asText()).isEqualTo("fallback_status_503");
            assertThat(proxy.requests()).isEqualTo(3);
            assertThat(proxy.lastAuthorization).isEqualTo("Bearer " + KEY);
            assertThat(get(edge.port(), "/metrics")).contains("r1j_route_upstream_failures_total{model_name=\"edge-model\","
                    + "upstream=\"big\",reason=\"status_503\"} 3");
        }
        assertKeyNeverLogged();
    }

    @Test
    void aFailedUpstreamPassesTheRequestToTheNextOne() throws IOException {
        try (FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + centre.port())) {
            proxy.mode(FaultProxy.Mode.RESET);
            RouteConfig config = new RouteConfig("test-7", 0.45, null, new RouteConfig.Escalation(true, false, true, null),
                    List.of(new RouteConfig.Upstream("first", proxy.url(), CENTRE_MODEL, "CENTRE_KEY", 1000, 30_000, 0,
                                    5000),
                            new RouteConfig.Upstream("second", centreUrl(), CENTRE_MODEL, "CENTRE_KEY", 1000, 30_000, 0,
                                    5000)), null);
            OpenAiServer edge = server(EDGE_MODEL, edgeEngine, b -> {}, RouteSetup.of(config,
                    Map.of("CENTRE_KEY", KEY)::get));
            edges.add(edge);
            HttpResponse<String> r = post(edge.port(), chat(HARD, 4, false));
            assertThat(json(r).path("model").asText()).isEqualTo(CENTRE_MODEL);
            assertThat(route(r)).contains("upstream=second");
            assertThat(proxy.requests()).isEqualTo(1);
            assertThat(get(edge.port(), "/metrics")).contains("r1j_route_upstream_failures_total{model_name=\"edge-model\","
                    + "upstream=\"first\",reason=\"connection\"} 1");
        }
    }

    @Test
    void aSlowUpstreamTimesOutAndTheEdgeAnswers() throws IOException {
        try (FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + centre.port())) {
            OpenAiServer edge = edge(proxy.url(), 0, 500, null);
            proxy.delay(5000);
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(edge.port(), chat(HARD, 4, false));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(json(r).path("route").path("reason").asText()).isEqualTo("fallback_timeout");
            assertThat(json(r).path("model").asText()).isEqualTo(EDGE_MODEL);
            assertThat(millis).isLessThan(4000);
        }
    }

    @Test
    void aCentreStallingAfterItsHeadersIsCutByTheTimeout() throws IOException {
        try (FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + centre.port())) {
            OpenAiServer edge = edge(proxy.url(), 0, 800, null);
            proxy.mode(FaultProxy.Mode.STALL_AFTER_HEADERS);
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(edge.port(), chat(HARD, 4, false));
            assertThat(json(r).path("route").path("reason").asText()).isEqualTo("fallback_timeout");
            // A stream already relayed cannot fall back: it ends in-band with an error, not never.
            HttpResponse<String> s = post(edge.port(), chat(HARD, 4, true));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(route(s)).startsWith("centre;");
            assertThat(s.body()).contains("\"content\":\"partial\"", "upstream_error").endsWith("data: [DONE]\n\n");
            assertThat(millis).isLessThan(8000);
        }
    }

    @Test
    void aResetConnectionFallsBackAndAStreamFallsBackBeforeItsFirstByte() throws IOException {
        try (FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + centre.port())) {
            OpenAiServer edge = edge(proxy.url(), 0, 30_000, null);
            proxy.mode(FaultProxy.Mode.RESET);
            HttpResponse<String> r = post(edge.port(), chat(HARD, 4, false));
            assertThat(json(r).path("route").path("reason").asText()).isEqualTo("fallback_connection");
            HttpResponse<String> s = post(edge.port(), chat(HARD, 4, true));
            assertThat(s.statusCode()).isEqualTo(200);
            assertThat(route(s)).startsWith("edge;").contains("reason=fallback_connection");
            assertThat(deltas(s.body())).allMatch(d -> d.startsWith(EDGE_MODEL + "|"));
        }
    }

    @Test
    void theBreakerOpensStopsCallingAndClosesAfterAProbe() throws Exception {
        try (FaultProxy proxy = new FaultProxy("http://127.0.0.1:" + centre.port())) {
            OpenAiServer edge = edge(proxy.url(), 2, 30_000, new RouteConfig.Breaker(50, 4, 4, 1500));
            proxy.mode(FaultProxy.Mode.ERROR_503);
            post(edge.port(), chat(HARD, 2, false)); // three failed attempts
            post(edge.port(), chat(HARD, 2, false)); // the fourth opens the breaker
            int seen = proxy.requests();
            assertThat(seen).isEqualTo(4);
            HttpResponse<String> r = post(edge.port(), chat(HARD, 2, false));
            assertThat(json(r).path("route").path("reason").asText()).isEqualTo("fallback_breaker_open");
            assertThat(proxy.requests()).as("an open breaker calls nobody").isEqualTo(seen);
            assertThat(get(edge.port(), "/metrics")).contains(
                    "r1j_route_breaker_state{model_name=\"edge-model\",upstream=\"big\"} 1");
            proxy.mode(FaultProxy.Mode.PASS);
            Thread.sleep(1700);
            HttpResponse<String> probe = post(edge.port(), chat(HARD, 2, false));
            assertThat(json(probe).path("model").asText()).isEqualTo(CENTRE_MODEL);
            assertThat(get(edge.port(), "/metrics")).contains(
                    "r1j_route_breaker_state{model_name=\"edge-model\",upstream=\"big\"} 0");
        }
        assertKeyNeverLogged();
    }

    private static void assertKeyNeverLogged() {
        assertThat(LOG).as("the failures were logged (else this check proves nothing)")
                .anyMatch(line -> line.contains("upstream big"));
        assertThat(LOG).noneMatch(line -> line.contains(KEY) || line.contains("centre-secret"));
    }

    private static String get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
