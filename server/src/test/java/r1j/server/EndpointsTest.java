package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.server.http.Json;

/** Models, health, version, text completions and the tokenizer endpoints. */
class EndpointsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void models_lists_the_served_model_name() {
        JsonNode j = server.get("/v1/models").json();
        assertThat(j.get("object").asText()).isEqualTo("list");
        assertThat(j.get("data")).hasSize(1);
        JsonNode m = j.get("data").get(0);
        assertThat(m.get("id").asText()).isEqualTo(TestServer.MODEL);
        assertThat(m.get("object").asText()).isEqualTo("model");
        assertThat(m.get("owned_by").asText()).isEqualTo("r1j");
        assertThat(m.get("max_model_len").asInt()).isEqualTo(TestServer.MAX_MODEL_LEN);
        assertThat(server.get("/v1/models/" + TestServer.MODEL).json().get("id").asText()).isEqualTo(TestServer.MODEL);
    }

    @Test
    void health_and_version_answer() {
        assertThat(server.get("/health").status()).isEqualTo(200);
        assertThat(server.get("/version").json().get("version").asText()).isNotBlank();
    }

    @Test
    void a_text_completion_streams_the_same_text_it_returns_whole() {
        String body = "{\"model\":\"" + TestServer.MODEL + "\",\"prompt\":\"Once upon a time\",\"temperature\":0,"
                + "\"max_tokens\":12,\"ignore_eos\":true%s}";
        JsonNode whole = server.post("/v1/completions", String.format(body, "")).json();
        assertThat(whole.get("object").asText()).isEqualTo("text_completion");
        assertThat(whole.get("id").asText()).startsWith("cmpl-");
        JsonNode choice = whole.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(whole.get("usage").get("completion_tokens").asInt()).isEqualTo(12);

        TestServer.Reply r = server.post("/v1/completions",
                String.format(body, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        List<JsonNode> events = TestServer.events(r.body());
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            text.append(e.get("choices").get(0).get("text").asText());
            if (!e.get("choices").get(0).get("finish_reason").isNull()) finish = e.get("choices").get(0).get("finish_reason").asText();
        }
        assertThat(text.toString()).isEqualTo(choice.get("text").asText());
        assertThat(finish).isEqualTo("length");
        assertThat(events.get(events.size() - 1).get("usage")).isEqualTo(whole.get("usage"));
    }

    @Test
    void the_default_completion_length_is_openais_16() {
        JsonNode j = server.post("/v1/completions", "{\"prompt\":\"Hello\",\"ignore_eos\":true}").json();
        assertThat(j.get("usage").get("completion_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void a_prompt_of_token_ids_equals_the_same_prompt_as_text() {
        JsonNode ids = server.post("/tokenize", "{\"prompt\":\"Once upon a time\"}").json().get("tokens");
        String asText = "{\"prompt\":\"Once upon a time\",\"temperature\":0,\"max_tokens\":8,\"ignore_eos\":true}";
        String asIds = "{\"prompt\":" + ids + ",\"temperature\":0,\"max_tokens\":8,\"ignore_eos\":true}";
        assertThat(server.post("/v1/completions", asIds).json().get("choices").get(0).get("text"))
                .isEqualTo(server.post("/v1/completions", asText).json().get("choices").get(0).get("text"));
    }

    @Test
    void tokenize_then_detokenize_gives_the_text_back() {
        String text = "Hello, wörld! <think>x</think> 123";
        JsonNode t = server.post("/tokenize", "{\"prompt\":" + Json.MAPPER.valueToTree(text)
                + ",\"add_special_tokens\":false,\"return_token_strs\":true}").json();
        assertThat(t.get("count").asInt()).isEqualTo(t.get("tokens").size());
        assertThat(t.get("token_strs")).hasSize(t.get("count").asInt());
        assertThat(t.get("max_model_len").asInt()).isEqualTo(TestServer.MAX_MODEL_LEN);
        JsonNode d = server.post("/detokenize", "{\"tokens\":" + t.get("tokens") + "}").json();
        assertThat(d.get("prompt").asText()).isEqualTo(text);
        JsonNode withBos = server.post("/tokenize", "{\"prompt\":" + Json.MAPPER.valueToTree(text) + "}").json();
        assertThat(withBos.get("count").asInt()).isEqualTo(t.get("count").asInt() + 1);
    }

    @Test
    void tokenize_renders_messages_with_the_chat_template() {
        JsonNode t = server.post("/tokenize", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").json();
        String text = server.post("/detokenize", "{\"tokens\":" + t.get("tokens") + "}").json().get("prompt").asText();
        assertThat(text).contains("Hi").endsWith("<think>\n");
    }
}
