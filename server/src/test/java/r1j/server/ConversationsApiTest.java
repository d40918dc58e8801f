package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.server.http.Json;

/** The /v1/conversations routes over a real SQLite store and the tiny model (its text is random: rules drive state). */
class ConversationsApiTest {
    private static final String DOMAIN_YAML = """
            name: restaurant
            intents:
              - name: book_table
                description: reserve a table
                examples: ["book a table", "I need a table for dinner"]
              - name: cancel_booking
                description: cancel an existing reservation
                examples: ["cancel my booking"]
            slots:
              - name: guests
                type: number
                required: true
                intents: [book_table]
                synonyms: [people, persons]
              - name: date
                type: date
              - name: cuisine
                type: enum
                values: [italian, thai, french]
              - name: vegetarian
                type: boolean
                synonyms: [veggie]
            """;

    @TempDir
    static Path dataDir;
    private static JdbcConversationStore store;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        store = JdbcConversationStore.sqlite(dataDir);
        server = TestServer.withConversations(store, b -> b.maxModelLen(1024));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    private static String create(String metadataApp) {
        TestServer.Reply r = server.post("/v1/conversations", Json.MAPPER.createObjectNode()
                .put("domain", DOMAIN_YAML).set("metadata", Json.MAPPER.createObjectNode().put("app", metadataApp)).toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("object").asText()).isEqualTo("conversation");
        return r.json().get("id").asText();
    }

    private static JsonNode send(String id, String text) {
        TestServer.Reply r = server.post("/v1/conversations/" + id + "/messages",
                "{\"content\": " + Json.MAPPER.valueToTree(text) + ", \"tracking\": \"rules\", \"max_tokens\": 8, \"seed\": 1}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void slots_carry_over_turns_and_rewind_restores_an_earlier_state() {
        String id = create("booking");
        JsonNode t1 = send(id, "I need a table for dinner for 4 people on 2026-12-01, italian please");
        assertThat(t1.get("turn").asInt()).isEqualTo(1);
        JsonNode slots1 = t1.get("state").get("slots");
        assertThat(slots1.get("guests").get("value").asInt()).isEqualTo(4);
        assertThat(slots1.get("cuisine").get("value").asText()).isEqualTo("italian");
        assertThat(slots1.get("date").get("value").asText()).isEqualTo("2026-12-01");
        assertThat(t1.get("state").get("intent").get("name").asText()).isEqualTo("book_table");
        assertThat(t1.get("reply").get("type").asText()).isEqualTo("assistant_message");
        assertThat(t1.get("reply").get("finish_reason").asText()).isIn("stop", "length");
        assertThat(t1.get("finish_reason").asText()).isIn("stop", "length");
        // The API's convention: snake_case names, lower-case enum values.
        assertThat(t1.get("state").get("conversation_id").asText()).isEqualTo(id);
        assertThat(t1.get("state").get("last_seq").asLong()).isPositive();
        assertThat(t1.get("state").get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(t1.get("state").get("messages").get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(slots1.get("guests").get("source").asText()).isEqualTo("rule");
        assertThat(t1.get("state_changes").get(0).get("source").asText()).isEqualTo("rule");
        assertThat(t1.toString()).doesNotContain("conversationId", "lastSeq", "finishReason", "\"USER\"", "\"RULE\"");
        assertThat(t1.get("usage").get("completion_tokens").asInt()).isPositive();

        JsonNode t2 = send(id, "make it veggie");
        JsonNode slots2 = t2.get("state").get("slots");
        assertThat(slots2.get("vegetarian").get("value").asBoolean()).isTrue();
        assertThat(slots2.get("guests").get("value").asInt()).as("carried over from turn 1").isEqualTo(4);

        JsonNode atTurn1 = server.get("/v1/conversations/" + id + "/state?turn=1").json();
        assertThat(atTurn1.get("slots").has("vegetarian")).isFalse();
        assertThat(atTurn1.get("slots").get("guests").get("value").asInt()).isEqualTo(4);

        List<String> types = new ArrayList<>();
        server.get("/v1/conversations/" + id + "/events").json().get("data").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).startsWith("user_message").contains("slot_set", "intent_detected", "assistant_message");

        TestServer.Reply rewound = server.post("/v1/conversations/" + id + "/rewind", "{\"turn\": 1}");
        assertThat(rewound.status()).as(rewound.body()).isEqualTo(200);
        assertThat(rewound.json().get("turn").asInt()).isEqualTo(1);
        assertThat(rewound.json().get("slots").has("vegetarian")).isFalse();
        JsonNode now = server.get("/v1/conversations/" + id).json();
        assertThat(now.get("state").get("slots").has("vegetarian")).isFalse();
        assertThat(now.get("metadata").get("app").asText()).isEqualTo("booking");
    }

    @Test
    void listing_filters_by_metadata() {
        String a = create("alpha");
        create("beta");
        JsonNode page = server.get("/v1/conversations?metadata.app=alpha&limit=100").json();
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).containsExactly(a);
        assertThat(server.get("/v1/conversations?limit=0").status()).isEqualTo(400);
    }

    @Test
    void updating_replaces_the_metadata_whole_and_names_a_missing_field() {
        String id = create("renaming");
        TestServer.Reply r = server.post("/v1/conversations/" + id, "{\"metadata\": {\"title\": \"Dinner plans\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("metadata").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asText())
                .containsExactly("title=Dinner plans");
        assertThat(server.get("/v1/conversations/" + id).json().get("metadata").get("title").asText())
                .isEqualTo("Dinner plans");
        assertThat(server.get("/v1/conversations?metadata.app=renaming").json().get("data")).isEmpty();

        TestServer.Reply missing = server.post("/v1/conversations/" + id, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").get("param").asText()).isEqualTo("metadata");
        assertThat(server.post("/v1/conversations/nope", "{\"metadata\": {}}").status()).isEqualTo(404);
    }

    @Test
    void a_streamed_message_carries_state_changes_deltas_and_the_turn() {
        String id = create("stream");
        TestServer.Reply r = server.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"book a table for 2 people\", \"stream\": true, \"tracking\": \"rules\", \"max_tokens\": 8}");
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> events = TestServer.events(r.body());
        List<String> objects = events.stream().map(e -> e.get("object").asText()).toList();
        assertThat(objects).contains("conversation.state_change", "conversation.turn");
        assertThat(objects.getLast()).isEqualTo("conversation.turn");
        assertThat(objects.indexOf("conversation.state_change")).isLessThan(objects.indexOf("conversation.turn"));
        JsonNode turn = events.getLast();
        assertThat(turn.get("state").get("slots").get("guests").get("value").asInt()).isEqualTo(2);
    }

    @Test
    void unknown_ids_and_bad_input_get_openai_style_errors() throws Exception {
        TestServer.Reply missing = server.get("/v1/conversations/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").get("code").asText()).isEqualTo("conversation_not_found");
        assertThat(server.post("/v1/conversations/nope/messages", "{\"content\": \"hi\"}").status()).isEqualTo(404);

        TestServer.Reply badDomain = server.post("/v1/conversations",
                "{\"domain\": {\"slots\": [{\"name\": \"x\", \"type\": \"colour\"}]}}");
        assertThat(badDomain.status()).isEqualTo(400);
        assertThat(badDomain.json().get("error").get("message").asText()).contains("colour");

        String id = create("errors");
        assertThat(server.post("/v1/conversations/" + id + "/messages", "{\"content\": \"\"}").status()).isEqualTo(400);
        // Issue 13: a number or a boolean is not text (it was read as "5" and "false").
        for (String content : new String[] {"5", "false", "1.5"}) {
            TestServer.Reply r = server.post("/v1/conversations/" + id + "/messages", "{\"content\": " + content + "}");
            assertThat(r.status()).as(content).isEqualTo(400);
            assertThat(r.json().get("error").get("param").asText()).isEqualTo("content");
        }
        assertThat(server.post("/v1/conversations/" + id + "/messages", "{\"content\": \"hi\", \"max_tokens\": \" \"}")
                .status()).isEqualTo(400);
        assertThat(server.post("/v1/conversations/" + id + "/messages", "{\"content\": \"hi\", \"tracking\": \"psychic\"}")
                .status()).isEqualTo(400);
        assertThat(server.post("/v1/conversations/" + id + "/rewind", "{\"turn\": 5}").status()).isEqualTo(400);

        HttpResponse<String> deleted = server.http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/conversations/" + id))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(server.get("/v1/conversations/" + id).status()).isEqualTo(404);
    }

    /** Issue 13: a client that leaves a non-streamed turn stops its generation, as one that leaves a stream does. */
    @Test
    void a_client_that_leaves_a_non_streamed_turn_stops_its_generation() throws Exception {
        String id = create("leaving");
        Scrape before = Scrape.of(server);
        byte[] body = "{\"content\": \"Tell me everything.\", \"tracking\": \"off\", \"max_tokens\": 700, \"seed\": 1}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server.port())) {
            socket.getOutputStream().write(("POST /v1/conversations/" + id + "/messages HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Scrape.of(server).value("r1j_generation_tokens_total") - before.value("r1j_generation_tokens_total") < 8
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Scrape.of(server).value("r1j_num_requests_running")).isEqualTo(1);
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        Scrape after = Scrape.of(server);
        while (after.value("r1j_num_requests_running") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            after = Scrape.of(server);
        }
        assertThat(after.value("r1j_num_requests_running")).isZero();
        assertThat(after.value("r1j_request_success_total", "finished_reason=\"abort\"")
                - before.value("r1j_request_success_total", "finished_reason=\"abort\"")).isEqualTo(1);
        assertThat(after.value("r1j_generation_tokens_total") - before.value("r1j_generation_tokens_total")).isLessThan(700);
    }

    @Test
    void chat_completions_with_a_conversation_id_append_to_the_stored_conversation() {
        String id = create("chat");
        TestServer.Reply r = server.post("/v1/chat/completions", "{\"conversation\": \"" + id + "\", \"max_tokens\": 8,"
                + " \"seed\": 2, \"messages\": [{\"role\": \"user\", \"content\": \"a table for 3 people\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("object").asText()).isEqualTo("chat.completion");
        assertThat(r.json().get("conversation").asText()).isEqualTo(id);
        assertThat(r.json().get("usage").get("completion_tokens").asInt()).isPositive();
        JsonNode state = server.get("/v1/conversations/" + id + "/state").json();
        assertThat(state.get("turn").asInt()).isEqualTo(1);
        assertThat(state.get("slots").get("guests").get("value").asInt()).isEqualTo(3);

        TestServer.Reply streamed = server.post("/v1/chat/completions", "{\"conversation\": \"" + id + "\", \"max_tokens\": 8,"
                + " \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"and thai food\"}]}");
        assertThat(streamed.status()).isEqualTo(200);
        List<JsonNode> chunks = TestServer.events(streamed.body());
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.getLast().get("choices").get(0).get("finish_reason").asText()).isIn("stop", "length");
        assertThat(server.get("/v1/conversations/" + id + "/state").json().get("turn").asInt()).isEqualTo(2);

        assertThat(server.post("/v1/chat/completions", "{\"conversation\": \"nope\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"hi\"}]}").status()).isEqualTo(404);
        TestServer.Reply withTools = server.post("/v1/chat/completions", "{\"conversation\": \"" + id + "\", \"tools\": [{\"type\":"
                + " \"function\", \"function\": {\"name\": \"f\", \"parameters\": {}}}], \"messages\": [{\"role\": \"user\","
                + " \"content\": \"hi\"}]}");
        assertThat(withTools.status()).isEqualTo(400);
        assertThat(withTools.json().get("error").get("param").asText()).isEqualTo("tools");
    }

    @Test
    void a_message_takes_a_thinking_budget_and_names_a_bad_one_in_the_error() {
        String id = create("budget");
        String greedy = "{\"content\": \"hi\", \"tracking\": \"off\", \"max_tokens\": 12, \"temperature\": 0";
        JsonNode free = server.post("/v1/conversations/" + id + "/messages", greedy + "}").json().get("reply");
        // The R1 template opens the thinking and the random-weight model never closes it by itself...
        assertThat(free.get("content").asText()).isEmpty();
        // ...so only a budget (here 3 tokens, then </think> is forced) leaves room for an answer.
        TestServer.Reply r = server.post("/v1/conversations/" + id + "/messages", greedy + ", \"reasoning_budget\": 3}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode budgeted = r.json().get("reply");
        assertThat(budgeted.get("content").asText()).isNotEmpty();
        assertThat(budgeted.get("reasoning").asText().length()).isLessThan(free.get("reasoning").asText().length());

        TestServer.Reply bad = server.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"hi\", \"reasoning_budget\": -2}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("param").asText()).isEqualTo("reasoning_budget");
        TestServer.Reply effort = server.post("/v1/conversations/" + id + "/messages",
                "{\"content\": \"hi\", \"reasoning_effort\": \"extreme\"}");
        assertThat(effort.json().get("error").get("param").asText()).isEqualTo("reasoning_effort");
    }

    @Test
    void a_reply_without_a_temperature_takes_a_task_preset_and_says_which() {
        String id = create("presets");
        String message = "{\"content\": \"a table for 4 people\", \"tracking\": \"rules\", \"max_tokens\": 4";
        JsonNode chosen = server.post("/v1/conversations/" + id + "/messages", message + "}").json().get("reply");
        assertThat(chosen.get("stats").get("preset").asText()).as("book_table is no maths or writing").isEqualTo("default");
        JsonNode named = server.post("/v1/conversations/" + id + "/messages", message + ", \"preset\": \"creative\"}")
                .json().get("reply");
        assertThat(named.get("stats").get("preset").asText()).isEqualTo("creative");
        JsonNode own = server.post("/v1/conversations/" + id + "/messages", message + ", \"temperature\": 0}")
                .json().get("reply");
        assertThat(own.get("stats").get("preset").isNull()).as("the request's own temperature: no preset").isTrue();
        // Stored with the message, as a reload reads it.
        JsonNode messages = server.get("/v1/conversations/" + id).json().get("state").get("messages");
        assertThat(messages.get(3).get("stats").get("preset").asText()).isEqualTo("creative");

        // Without a domain there is no intent: the message's own words decide.
        String plain = server.post("/v1/conversations", "{}").json().get("id").asText();
        JsonNode maths = server.post("/v1/conversations/" + plain + "/messages",
                "{\"content\": \"Solve x + 1 = 3\", \"max_tokens\": 4}").json().get("reply");
        assertThat(maths.get("stats").get("preset").asText()).isEqualTo("reasoning");

        TestServer.Reply bad = server.post("/v1/conversations/" + id + "/messages", message + ", \"preset\": \"wild\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("param").asText()).isEqualTo("preset");

        JsonNode defaults = server.get("/v1/models").json().get("data").get(0).get("defaults");
        assertThat(defaults.get("presets").get("reasoning").get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(defaults.get("presets").get("creative").get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(defaults.get("max_tokens").asInt()).isPositive();
        assertThat(defaults.get("reasoning_budget").asInt()).isEqualTo(-1);
    }
}
