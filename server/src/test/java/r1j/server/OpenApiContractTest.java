package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.agent.AgentSetup;
import r1j.agent.ToolRunner;
import r1j.agent.builtin.Calculator;
import r1j.agent.tool.ToolBox;
import r1j.agent.tool.ToolFunction;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.server.http.Json;

/**
 * The server's real responses, route by route, checked against what {@code GET /openapi.json} says about them with
 * a JSON-schema validator (OpenAPI 3.0's dialect, {@code nullable} included). Every route must be exercised: a new
 * route without a case here fails the test.
 */
class OpenApiContractTest {
    /** Routes whose responses are not JSON: an empty 200 (health), text (metrics, the docs page), the document itself. */
    private static final Set<String> NOT_JSON = Set.of("GET /health", "GET /metrics", "GET /docs", "GET /openapi.json",
            "GET /");

    @TempDir
    static Path dataDir;
    private static JdbcConversationStore store;
    private static TestServer server;
    private static JsonNode spec;
    private static JsonSchemaFactory schemas;

    @BeforeAll
    static void start() throws Exception {
        store = JdbcConversationStore.sqlite(dataDir);
        // One tool, the calculator with a single allowed expression, so a forced call on the random-weight model
        // runs for real and its steps (with error and duration fields) are checked against the document too.
        ObjectNode schema = (ObjectNode) Json.MAPPER.readTree(
                "{\"type\":\"object\",\"properties\":{\"expression\":{\"enum\":[\"6*7\"]}},\"required\":[\"expression\"]}");
        AgentSetup agent = new AgentSetup(new ToolBox(List.of(new Calculator(new ToolFunction("calculator", "", schema)))),
                1, ToolRunner.DEFAULT);
        server = TestServer.withTools(store, agent, null, b -> b.maxModelLen(1024));
        spec = server.get("/openapi.json").json();
        schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    private final Set<String> covered = new TreeSet<>();
    private final List<String> violations = new ArrayList<>();

    /** Checks one real response against the document's schema for {@code route} and its status. */
    private JsonNode check(String method, String route, TestServer.Reply reply) {
        covered.add(method + " " + route);
        JsonNode response = spec.path("paths").path(route).path(method.toLowerCase()).path("responses")
                .path(String.valueOf(reply.status()));
        if (response.has("$ref")) response = resolve(response.get("$ref").asText());
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            violations.add(method + " " + route + " " + reply.status() + ": no JSON schema documented for this status");
            return reply.json();
        }
        // The schema with the document's components beside it, so its $refs resolve.
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("components", spec.get("components"));
        JsonSchema validator = schemas.getSchema(root);
        Set<ValidationMessage> errors = validator.validate(reply.json());
        for (ValidationMessage e : errors) violations.add(method + " " + route + " " + reply.status() + ": " + e);
        return reply.json();
    }

    private static JsonNode resolve(String ref) {
        JsonNode node = spec;
        for (String part : ref.substring(2).split("/")) node = node.path(part);
        return node;
    }

    private TestServer.Reply delete(String path) throws Exception {
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        return new TestServer.Reply(r.statusCode(), r.body(), r);
    }

    @Test
    void the_validator_catches_a_body_that_breaks_the_document() {
        TestServer.Reply fake = new TestServer.Reply(200, "{\"object\":\"list\",\"data\":[{\"type\":\"UserMessage\","
                + "\"seq\":1,\"turn\":1,\"at\":\"2026-01-01T00:00:00Z\",\"conversationId\":\"c\"}]}", null);
        check("GET", "/v1/conversations/{id}/events", fake);
        assertThat(violations).hasSize(2).anyMatch(v -> v.contains("$.data[0].type")).anyMatch(v -> v.contains("conversationId"));
    }

    @Test
    void every_route_answers_as_its_document_says() throws Exception {
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":8,\"logprobs\":true,"
                + "\"top_logprobs\":2,\"n\":2,\"seed\":1}";
        assertThat(server.get("/health").body()).isEmpty();
        check("GET", "/version", server.get("/version"));
        check("GET", "/v1/models", server.get("/v1/models"));
        check("GET", "/v1/models/{model}", server.get("/v1/models/" + TestServer.MODEL));
        check("GET", "/v1/models/{model}", server.get("/v1/models/nope"));
        check("POST", "/v1/chat/completions", server.post("/v1/chat/completions", chat));
        check("POST", "/v1/chat/completions", server.post("/v1/chat/completions", "{\"messages\":[],\"top_p\":0}"));
        check("POST", "/v1/completions", server.post("/v1/completions",
                "{\"prompt\":\"Hello\",\"max_tokens\":4,\"logprobs\":2,\"n\":2,\"seed\":1}"));
        check("POST", "/tokenize", server.post("/tokenize", "{\"prompt\":\"Hello there\"}"));
        check("POST", "/tokenize", server.post("/tokenize",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        check("POST", "/detokenize", server.post("/detokenize", "{\"tokens\":[1,2,3]}"));

        JsonNode created = check("POST", "/v1/conversations", server.post("/v1/conversations",
                "{\"domain\":{\"slots\":[{\"name\":\"guests\",\"type\":\"number\",\"synonyms\":[\"people\"]}]},"
                        + "\"metadata\":{\"app\":\"contract\"}}"));
        check("POST", "/v1/conversations", server.post("/v1/conversations", "{\"domain\":{\"slots\":[{\"name\":1}]}}"));
        String id = created.get("id").asText();
        check("POST", "/v1/conversations/{id}/messages", server.post("/v1/conversations/" + id + "/messages",
                "{\"content\":\"a table for 4 people\",\"tracking\":\"rules\",\"max_tokens\":6}"));
        check("POST", "/v1/conversations/{id}/messages", server.post("/v1/conversations/" + id + "/messages",
                "{\"content\":\"and 5 people\",\"tracking\":\"rules\",\"max_tokens\":6,\"reasoning_budget\":2,"
                        + "\"preset\":\"creative\"}"));
        check("POST", "/v1/conversations/{id}/messages", server.post("/v1/conversations/" + id + "/messages",
                "{\"content\":\"hi\",\"preset\":\"wild\"}"));
        check("POST", "/v1/conversations/{id}/messages", server.post("/v1/conversations/nope/messages",
                "{\"content\":\"hi\"}"));
        JsonNode toolTurn = check("POST", "/v1/conversations/{id}/messages", server.post("/v1/conversations/" + id
                + "/messages", "{\"content\":\"six times seven\",\"tracking\":\"off\",\"max_tokens\":80,"
                + "\"reasoning_budget\":4,\"tools\":\"auto\",\"tool_choice\":{\"type\":\"function\","
                + "\"function\":{\"name\":\"calculator\"}}}"));
        assertThat(toolTurn.get("tool_steps")).as("a forced call ran").hasSize(2);
        check("POST", "/v1/conversations/{id}/messages", server.post("/v1/conversations/" + id + "/messages",
                "{\"content\":\"x\",\"tool_choice\":\"required\"}"));
        check("GET", "/v1/tools", server.get("/v1/tools"));
        check("GET", "/v1/conversations", server.get("/v1/conversations?metadata.app=contract"));
        check("GET", "/v1/conversations/{id}", server.get("/v1/conversations/" + id));
        check("GET", "/v1/conversations/{id}", server.get("/v1/conversations/nope"));
        check("POST", "/v1/conversations/{id}", server.post("/v1/conversations/" + id,
                "{\"metadata\":{\"app\":\"contract\",\"title\":\"Renamed\"}}"));
        check("POST", "/v1/conversations/{id}", server.post("/v1/conversations/" + id, "{}"));
        check("POST", "/v1/conversations/{id}", server.post("/v1/conversations/nope", "{\"metadata\":{}}"));
        check("GET", "/v1/conversations/{id}/events", server.get("/v1/conversations/" + id + "/events"));
        check("GET", "/v1/conversations/{id}/state", server.get("/v1/conversations/" + id + "/state?turn=1"));
        check("POST", "/v1/conversations/{id}/rewind", server.post("/v1/conversations/" + id + "/rewind", "{\"turn\":1}"));
        check("DELETE", "/v1/conversations/{id}", delete("/v1/conversations/" + id));
        check("DELETE", "/v1/conversations/{id}", delete("/v1/conversations/" + id));

        assertThat(violations).as("responses that differ from /openapi.json").isEmpty();
        List<String> routes = new ArrayList<>();
        for (String route : server.server.routes()) {
            String r = route.replace("<model>", "{model}");
            if (!NOT_JSON.contains(r)) routes.add(r);
        }
        assertThat(covered).as("routes this test exercises").containsAll(routes);
    }
}
