package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.agent.AgentSetup;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.reasoning.ReasoningSplitter;

/**
 * {@code "tools": "auto"} on {@code /v1/conversations/{id}/messages}, through the served path: a forced call on the
 * real (tiny) model to a scripted tool server on loopback, and exact calls from a scripted engine for the
 * calculator and the address guard (private IP, a DNS name resolving to loopback, a redirect to loopback).
 */
class ConversationToolsApiTest {
    private static final String HERMES = "<tool_call>\n{\"name\": \"%s\", \"arguments\": %s}\n</tool_call>";
    private static final Deque<String> SCRIPT = new ArrayDeque<>();
    private static final List<String> TOOL_SERVER_HITS = new CopyOnWriteArrayList<>();
    private static HttpServer toolServer;
    private static Path dir;
    private static TestServer real;
    private static TestServer scripted;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("r1j-tools-api");
        toolServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        toolServer.createContext("/lookup", exchange -> {
            TOOL_SERVER_HITS.add(exchange.getRequestURI().toString());
            byte[] body = ("{\"found\": \"" + exchange.getRequestURI().getQuery() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        toolServer.createContext("/redirect", exchange -> {
            TOOL_SERVER_HITS.add(exchange.getRequestURI().toString());
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + toolPort() + "/secret");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        toolServer.createContext("/secret", exchange -> {
            TOOL_SERVER_HITS.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        toolServer.start();

        // The Open WebUI shape: GET sends the arguments as query parameters. One allowed value, so the forced
        // arguments of the random-weight model are known.
        Path webUi = Files.writeString(dir.resolve("tools.json"), """
                [{"id": "lookup", "name": "Lookup", "description": "Looks a word up",
                  "params": {"type": "object", "properties": {"q": {"enum": ["r1j"]}}, "required": ["q"]},
                  "url": "http://127.0.0.1:%d/lookup", "method": "GET"}]""".formatted(toolPort()));
        real = TestServer.withTools(JdbcConversationStore.sqlite(Files.createTempDirectory(dir, "real")),
                AgentSetup.fromFlags(webUi, "127.0.0.1:" + toolPort(), 1), null, b -> b.maxModelLen(1024));

        Path builtins = Files.writeString(dir.resolve("builtins.json"), """
                [{"type": "function", "function": {"name": "calculator"}, "run": {"type": "builtin", "name": "calculator"}},
                 {"type": "function", "function": {"name": "fetch_url"}, "run": {"type": "builtin", "name": "fetch_url"}}]""");
        scripted = TestServer.withTools(JdbcConversationStore.sqlite(Files.createTempDirectory(dir, "scripted")),
                AgentSetup.fromFlags(builtins, "127.0.0.1:" + toolPort(), 2), (prompt, settings, sink, cancelled) -> {
                    String text = scripted.model.tokenizer().decode(prompt);
                    String reply = (ReasoningSplitter.promptOpensReasoning(text) ? "</think>" : "")
                            + (SCRIPT.isEmpty() ? "(script ended)" : SCRIPT.pop());
                    sink.accept(1, reply);
                    return new GenerationResult(new int[] {1}, reply, FinishReason.STOP, prompt.length, 0, 0, 0);
                }, b -> b.maxModelLen(2048));
    }

    @AfterAll
    static void stop() throws IOException {
        if (real != null) real.close();
        if (scripted != null) scripted.close();
        toolServer.stop(0);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int toolPort() {
        return toolServer.getAddress().getPort();
    }

    private static String newConversation(TestServer server) {
        return server.post("/v1/conversations", "{}").json().get("id").asText();
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String object) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) if (object.equals(e.path("object").asText())) out.add(e);
        return out;
    }

    @Test
    void a_named_tool_choice_runs_the_call_end_to_end_and_streams_each_step() {
        String id = newConversation(real);
        TestServer.Reply reply = real.post("/v1/conversations/" + id + "/messages", """
                {"content": "look up r1j", "stream": true, "tracking": "off", "max_tokens": 200, "reasoning_budget": 4,
                 "temperature": 0, "tools": "auto", "tool_choice": {"type": "function", "function": {"name": "lookup"}}}""");
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> events = TestServer.events(reply.body());
        JsonNode call = ofType(events, "conversation.tool_call").getFirst().get("event");
        JsonNode result = ofType(events, "conversation.tool_result").getFirst().get("event");
        assertThat(call.get("name").asText()).isEqualTo("lookup");
        assertThat(call.get("arguments").asText()).isEqualTo("{\"q\":\"r1j\"}");
        assertThat(result.get("tool_call_id").asText()).isEqualTo(call.get("tool_call_id").asText());
        assertThat(result.get("content").asText()).isEqualTo("{\"found\": \"q=r1j\"}");
        assertThat(result.has("error")).isFalse();
        assertThat(result.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(TOOL_SERVER_HITS).contains("/lookup?q=r1j");
        assertThat(ofType(events, "conversation.assistant_step")).hasSize(1);
        JsonNode turn = ofType(events, "conversation.turn").getFirst();
        assertThat(turn.get("tool_steps")).hasSize(2);
        assertThat(turn.get("reply").get("type").asText()).isEqualTo("assistant_message");
        // Every model turn of the loop is measured and stored with its numbers, as a plain reply is.
        JsonNode stats = turn.get("reply").get("stats");
        assertThat(stats.get("prompt_tokens").asInt()).isPositive();
        assertThat(stats.get("reasoning_tokens").asInt() + stats.get("answer_tokens").asInt()).isPositive();
        assertThat(stats.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(stats.get("preset").isNull()).as("the request set the temperature").isTrue();

        // A reload shows the steps: the stored state has the call and its result, with the time it took.
        JsonNode messages = real.get("/v1/conversations/" + id).json().get("state").get("messages");
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        assertThat(roles).containsExactly("user", "assistant", "tool_call", "tool_result", "assistant");
        assertThat(messages.get(3).get("tool_name").asText()).isEqualTo("lookup");
        assertThat(messages.get(3).has("duration_ms")).isTrue();
        assertThat(messages.get(1).get("stats").get("prompt_tokens").asInt()).as("the step's own numbers").isPositive();
        assertThat(messages.get(4).get("stats").get("prompt_tokens").asInt()).as("the answer's own").isPositive();

        JsonNode tools = real.get("/v1/tools").json();
        assertThat(tools.get("data").get(0).get("function").get("name").asText()).isEqualTo("lookup");
        assertThat(tools.get("max_tool_steps").asInt()).isEqualTo(1);
    }

    @Test
    void the_calculator_answers_exactly_through_the_served_loop() {
        SCRIPT.clear();
        SCRIPT.add(HERMES.formatted("calculator", "{\"expression\": \"2^70 + 0.1 + 0.2\"}"));
        SCRIPT.add("It is 1180591620717411303424.3.");
        String id = newConversation(scripted);
        JsonNode turn = scripted.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"2^70 + 0.1 + 0.2?\", \"tracking\": \"off\", \"tools\": \"auto\"}").json();
        JsonNode steps = turn.get("tool_steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("type").asText()).isEqualTo("tool_call");
        assertThat(steps.get(1).get("content").asText()).isEqualTo("1180591620717411303424.3");
        assertThat(turn.get("reply").get("content").asText()).isEqualTo("It is 1180591620717411303424.3.");
    }

    @Test
    void refused_addresses_go_back_to_the_model_as_tool_errors() {
        SCRIPT.clear();
        SCRIPT.add(HERMES.formatted("fetch_url", "{\"url\": \"http://10.1.2.3/\"}")
                + HERMES.formatted("fetch_url", "{\"url\": \"http://localhost:1/secret\"}")
                + HERMES.formatted("fetch_url", "{\"url\": \"http://127.0.0.1:" + toolPort() + "/redirect\"}"));
        SCRIPT.add("I could not reach them.");
        TOOL_SERVER_HITS.clear();
        String id = newConversation(scripted);
        JsonNode turn = scripted.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"fetch these\", \"tracking\": \"off\", \"tools\": \"auto\"}").json();
        List<String> errors = new ArrayList<>();
        turn.get("tool_steps").forEach(e -> {
            if (e.get("type").asText().equals("tool_result")) errors.add(e.path("error").asText(null));
        });
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).contains("10.1.2.3 is a private").contains("--tools-allow");
        assertThat(errors.get(1)).contains("localhost resolves to").contains("loopback");
        assertThat(errors.get(2)).contains("127.0.0.2").contains("loopback");
        assertThat(TOOL_SERVER_HITS).as("the redirect's first hop (allowed) only; never the secret")
                .containsExactly("/redirect");
        assertThat(turn.get("reply").get("content").asText()).isEqualTo("I could not reach them.");
    }

    @Test
    void the_step_limit_ends_the_loop_with_an_answer() {
        SCRIPT.clear();
        String call = HERMES.formatted("calculator", "{\"expression\": \"1+1\"}");
        SCRIPT.add(call);
        SCRIPT.add(call);
        SCRIPT.add("Enough.");
        String id = newConversation(scripted);
        JsonNode turn = scripted.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"again and again\", \"tracking\": \"off\", \"tools\": \"auto\"}").json();
        assertThat(turn.get("tool_steps")).hasSize(4);
        assertThat(turn.get("reply").get("content").asText()).isEqualTo("Enough.");
        assertThat(SCRIPT).isEmpty();
    }

    @Test
    void chat_completions_return_calls_and_never_run_the_servers_tools() {
        SCRIPT.clear();
        SCRIPT.add(HERMES.formatted("fetch_url", "{\"url\": \"http://127.0.0.1:" + toolPort() + "/lookup?q=x\"}"));
        TOOL_SERVER_HITS.clear();
        JsonNode choice = scripted.post("/v1/chat/completions", """
                {"messages": [{"role": "user", "content": "fetch it"}],
                 "tools": [{"type": "function", "function": {"name": "fetch_url"}}]}""").json().get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("tool_calls").get(0).get("function").get("name").asText())
                .isEqualTo("fetch_url");
        assertThat(TOOL_SERVER_HITS).as("OpenAI's contract: the client runs its calls").isEmpty();
    }

    @Test
    void requests_the_tools_cannot_meet_are_400s_that_store_nothing() {
        String id = newConversation(scripted);
        TestServer.Reply unknown = scripted.post("/v1/conversations/" + id + "/messages", """
                {"content": "x", "tools": "auto", "tool_choice": {"type": "function", "function": {"name": "nope"}}}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").get("param").asText()).isEqualTo("tool_choice");
        assertThat(unknown.json().get("error").get("message").asText()).contains("'nope'").contains("calculator");
        TestServer.Reply ownList = scripted.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"x\", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}]}");
        assertThat(ownList.status()).isEqualTo(400);
        assertThat(ownList.json().get("error").get("param").asText()).isEqualTo("tools");
        TestServer.Reply required = scripted.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"x\", \"tool_choice\": \"required\"}");
        assertThat(required.status()).isEqualTo(400);
        assertThat(scripted.get("/v1/conversations/" + id + "/events").json().get("data")).isEmpty();
    }
}
