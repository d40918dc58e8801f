package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad request gets OpenAI's error JSON with the right status, never a 500. */
class ErrorsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.maxRequestBytes(64 * 1024));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    /** Asserts the status and the error shape; returns the error object. */
    private static JsonNode error(TestServer.Reply r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = r.json().get("error");
        assertThat(e.get("message").asText()).isNotBlank();
        assertThat(e.get("type").asText()).isEqualTo(type);
        assertThat(e.has("param")).isTrue();
        assertThat(e.has("code")).isTrue();
        return e;
    }

    private static JsonNode badRequest(String body) {
        return error(server.post("/v1/chat/completions", body), 400, "invalid_request_error");
    }

    @Test
    void malformed_json_is_a_400() {
        assertThat(badRequest("{\"messages\": [").get("message").asText()).contains("not valid JSON");
        badRequest("");
        badRequest("[1,2]");
        badRequest("{} {}");
    }

    @Test
    void a_wrong_type_is_a_400_naming_the_field() {
        JsonNode e = badRequest("{" + USER + ",\"temperature\":\"hot\"}");
        assertThat(e.get("param").asText()).isEqualTo("temperature");
        assertThat(e.get("message").asText()).contains("temperature").contains("number");
        assertThat(badRequest("{" + USER + ",\"max_tokens\":1.5}").get("param").asText()).isEqualTo("max_tokens");
        assertThat(badRequest("{\"messages\":\"Hi\"}").get("param").asText()).isEqualTo("messages");
        assertThat(badRequest("{\"messages\":[{\"role\":\"user\",\"content\":5}]}").get("param").asText())
                .isEqualTo("messages[0].content");
        assertThat(badRequest("{" + USER + ",\"stream\":\"yes\"}").get("param").asText()).isEqualTo("stream");
        // Issue 13: whitespace is not an absent value, and numbers are not strings.
        assertThat(badRequest("{" + USER + ",\"n\":\" \"}").get("param").asText()).isEqualTo("n");
        assertThat(badRequest("{" + USER + ",\"max_tokens\":\" \"}").get("param").asText()).isEqualTo("max_tokens");
        assertThat(badRequest("{" + USER + ",\"temperature\":\" \"}").get("param").asText()).isEqualTo("temperature");
        assertThat(badRequest("{" + USER + ",\"stream\":\" \"}").get("param").asText()).isEqualTo("stream");
        assertThat(badRequest("{" + USER + ",\"model\":5}").get("param").asText()).isEqualTo("model");
    }

    @Test
    void missing_or_bad_messages_are_a_400() {
        assertThat(badRequest("{}").get("param").asText()).isEqualTo("messages");
        assertThat(badRequest("{\"messages\":[]}").get("param").asText()).isEqualTo("messages");
        assertThat(badRequest("{\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}").get("param").asText())
                .isEqualTo("messages[0].role");
        assertThat(badRequest("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}")
                .get("message").asText()).contains("text");
    }

    @Test
    void an_unknown_model_is_a_404() {
        JsonNode e = error(server.post("/v1/chat/completions", "{\"model\":\"gpt-4o\"," + USER + "}"), 404,
                "invalid_request_error");
        assertThat(e.get("code").asText()).isEqualTo("model_not_found");
        assertThat(e.get("message").asText()).contains("gpt-4o");
        error(server.post("/v1/completions", "{\"model\":\"gpt-4o\",\"prompt\":\"x\"}"), 404, "invalid_request_error");
        error(server.get("/v1/models/gpt-4o"), 404, "invalid_request_error");
    }

    @Test
    void an_unknown_route_is_a_404_in_the_same_shape() {
        JsonNode e = error(server.get("/v1/engines"), 404, "invalid_request_error");
        assertThat(e.get("message").asText()).contains("/v1/engines");
        // A known route with the wrong method is a 405, not a 404.
        error(server.get("/v1/chat/completions"), 405, "invalid_request_error");
    }

    @Test
    void negative_or_zero_max_tokens_are_a_400() {
        assertThat(badRequest("{" + USER + ",\"max_tokens\":-1}").get("param").asText()).isEqualTo("max_tokens");
        assertThat(badRequest("{" + USER + ",\"max_completion_tokens\":0}").get("param").asText())
                .isEqualTo("max_completion_tokens");
        error(server.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":-5}"), 400, "invalid_request_error");
    }

    @Test
    void n_out_of_range_is_a_400() {
        assertThat(badRequest("{" + USER + ",\"n\":0}").get("param").asText()).isEqualTo("n");
        assertThat(badRequest("{" + USER + ",\"n\":9}").get("message").asText()).contains("at most 8");
    }

    @Test
    void sampling_values_out_of_range_are_a_400_naming_the_field() {
        assertThat(badRequest("{" + USER + ",\"top_p\":0}").get("param").asText()).isEqualTo("top_p");
        assertThat(badRequest("{" + USER + ",\"temperature\":-1}").get("param").asText()).isEqualTo("temperature");
        assertThat(badRequest("{" + USER + ",\"presence_penalty\":3}").get("param").asText()).isEqualTo("presence_penalty");
        assertThat(badRequest("{" + USER + ",\"stop\":[\"\"]}").get("param").asText()).isEqualTo("stop");
    }

    @Test
    void a_prompt_longer_than_max_model_len_is_a_400_naming_the_limit() {
        String longText = "word ".repeat(600);
        JsonNode e = badRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}");
        assertThat(e.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(e.get("message").asText()).contains(String.valueOf(TestServer.MAX_MODEL_LEN));
        JsonNode c = error(server.post("/v1/completions", "{\"prompt\":\"" + longText + "\"}"), 400,
                "invalid_request_error");
        assertThat(c.get("param").asText()).isEqualTo("prompt");
    }

    @Test
    void max_tokens_beyond_the_context_left_is_a_400_naming_the_limit() {
        JsonNode e = badRequest("{" + USER + ",\"max_tokens\":" + TestServer.MAX_MODEL_LEN + "}");
        assertThat(e.get("param").asText()).isEqualTo("max_tokens");
        assertThat(e.get("message").asText()).contains(String.valueOf(TestServer.MAX_MODEL_LEN));
    }

    @Test
    void features_still_missing_are_a_clear_400() {
        assertThat(badRequest("{" + USER + ",\"response_format\":{\"type\":\"xml\"}}").get("param").asText())
                .isEqualTo("response_format");
        assertThat(badRequest("{" + USER + ",\"functions\":[{\"name\":\"f\"}]}").get("param").asText())
                .isEqualTo("functions");
        assertThat(badRequest("{" + USER + ",\"logit_bias\":{\"5\":1.0}}").get("param").asText()).isEqualTo("logit_bias");
        error(server.post("/v1/completions", "{\"prompt\":\"x\",\"echo\":true}"), 400, "invalid_request_error");
    }

    @Test
    void bad_tools_bad_schemas_and_bad_logprobs_are_a_400_naming_the_problem() {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]";
        assertThat(badRequest("{" + USER + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}}")
                .get("message").asText()).contains("'g'");
        assertThat(badRequest("{" + USER + tools + ",\"tool_choice\":\"sometimes\"}").get("param").asText())
                .isEqualTo("tool_choice");
        assertThat(badRequest("{" + USER + ",\"tools\":[{\"type\":\"function\",\"function\":{}}]}").get("message")
                .asText()).contains("tools[0].function.name");
        assertThat(badRequest("{" + USER + ",\"tool_choice\":\"required\"}").get("param").asText()).isEqualTo("tool_choice");
        JsonNode schema = badRequest("{" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"x\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"date\"}}}}}}");
        assertThat(schema.get("param").asText()).isEqualTo("response_format");
        assertThat(schema.get("message").asText()).contains("$.properties.a.type").contains("date");
        // Issue 13: a pattern the decoder does not enforce is refused, not silently dropped.
        JsonNode pattern = badRequest("{" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"x\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\","
                + "\"pattern\":\"(.*a){12}$\"}}}}}}");
        assertThat(pattern.get("message").asText()).contains("$.properties.a.pattern");
        assertThat(badRequest("{" + USER + ",\"logprobs\":true,\"top_logprobs\":21}").get("param").asText())
                .isEqualTo("top_logprobs");
        assertThat(error(server.post("/v1/completions", "{\"prompt\":\"x\",\"logprobs\":21}"), 400,
                "invalid_request_error").get("param").asText()).isEqualTo("logprobs");
    }

    @Test
    void a_body_over_the_limit_is_a_413() {
        String big = "x".repeat(100 * 1024);
        error(server.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"),
                413, "invalid_request_error");
    }

    @Test
    void bad_token_ids_are_a_400() {
        error(server.post("/detokenize", "{\"tokens\":[1, -3]}"), 400, "invalid_request_error");
        error(server.post("/detokenize", "{\"tokens\":[999999]}"), 400, "invalid_request_error");
        error(server.post("/v1/completions", "{\"prompt\":[1, 999999]}"), 400, "invalid_request_error");
        error(server.post("/v1/completions", "{\"prompt\":[\"a\",\"b\"]}"), 400, "invalid_request_error");
    }

    @Test
    void after_all_those_errors_the_server_still_answers() {
        assertThat(server.post("/v1/chat/completions", "{" + USER + ",\"max_tokens\":2}").status()).isEqualTo(200);
    }
}
