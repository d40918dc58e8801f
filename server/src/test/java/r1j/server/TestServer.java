package r1j.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import r1j.agent.AgentSetup;
import r1j.dialogue.store.ConversationStore;
import r1j.engine.model.LoadedModel;
import r1j.engine.runtime.BatchEngine;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineOptions;
import r1j.server.generation.ServedModel;
import r1j.server.http.Json;
import r1j.server.metrics.RequestMetrics;
import r1j.testkit.Fixtures;

/**
 * A real server on a free loopback port over the tiny fixture model (random weights: gibberish text, so tests check
 * mechanics), with a plain HTTP client. One per test class; close it in {@code @AfterAll}.
 */
final class TestServer implements AutoCloseable {
    static final String MODEL = "DeepSeek-R1-Distill-Qwen-1.5B";
    static final int MAX_MODEL_LEN = 512;

    final LoadedModel model;
    final Engine engine;
    final OpenAiServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(LoadedModel model, ScriptedEngine.Script script, Consumer<ServerConfig.Builder> configure) {
        this(model, script, configure, null);
    }

    private TestServer(LoadedModel model, ScriptedEngine.Script script, Consumer<ServerConfig.Builder> configure,
            ConversationStore conversations) {
        this(model, script, configure, conversations, AgentSetup.none());
    }

    private TestServer(LoadedModel model, ScriptedEngine.Script script, Consumer<ServerConfig.Builder> configure,
            ConversationStore conversations, AgentSetup agent) {
        this.model = model;
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0).maxModelLen(MAX_MODEL_LEN);
        configure.accept(b);
        ServerConfig config = b.build();
        RequestMetrics requests = new RequestMetrics();
        this.engine = script == null
                ? new BatchEngine(model, new EngineOptions(2, config.maxNumSeqs(), config.maxModelLen(),
                        (long) config.maxNumSeqs() * config.maxModelLen() * BatchEngine.kvBytesPerToken(model), 16,
                        Math.max(256, config.maxNumSeqs()), config.maxWaitingRequests()), requests)
                : new ScriptedEngine(script, config.maxWaitingRequests());
        this.server = OpenAiServer.start(new ServedModel(config.servedModelName(), model, config.maxModelLen()),
                engine, requests, config, conversations, agent);
    }

    /** The real continuous-batching engine. */
    static TestServer start(Consumer<ServerConfig.Builder> configure) throws IOException {
        return new TestServer(loadModel(), null, configure);
    }

    /** The real continuous-batching engine over {@code model} (closed with the server). */
    static TestServer start(LoadedModel model, Consumer<ServerConfig.Builder> configure) {
        return new TestServer(model, null, configure);
    }

    /** The real engine with conversations kept in {@code store}. */
    static TestServer withConversations(ConversationStore store, Consumer<ServerConfig.Builder> configure)
            throws IOException {
        return new TestServer(loadModel(), null, configure, store);
    }

    /** Conversations in {@code store} with the server's tools {@code agent}; the real engine when {@code script} is null. */
    static TestServer withTools(ConversationStore store, AgentSetup agent, ScriptedEngine.Script script,
            Consumer<ServerConfig.Builder> configure) throws IOException {
        return new TestServer(loadModel(), script, configure, store, agent);
    }

    /** A scripted engine over the real model's tokenizer and template. */
    static TestServer withEngine(ScriptedEngine.Script script, Consumer<ServerConfig.Builder> configure)
            throws IOException {
        return new TestServer(loadModel(), script, configure);
    }

    static LoadedModel loadModel() throws IOException {
        return LoadedModel.load(Fixtures.tinyModel());
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Reply post(String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    Reply get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The JSON of each {@code data:} event of an SSE body, without the final {@code [DONE]}. */
    static List<JsonNode> events(String sseBody) {
        List<JsonNode> out = new ArrayList<>();
        boolean done = false;
        for (String line : sseBody.split("\n")) {
            if (!line.startsWith("data: ")) continue;
            String data = line.substring("data: ".length());
            if (done) throw new AssertionError("an event after [DONE]: " + data);
            if (data.equals("[DONE]")) {
                done = true;
                continue;
            }
            try {
                out.add(Json.MAPPER.readTree(data));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
        if (!done) throw new AssertionError("the stream did not end with data: [DONE]:\n" + sseBody);
        return out;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        model.close();
    }
}
