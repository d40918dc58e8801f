package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import r1j.server.http.Json;

/**
 * The tiny model (random weights) on the real batching engine: json_schema and forced tool calls hold by
 * constrained decoding alone, n choices follow their seeds, and log-probabilities are a distribution's.
 */
class StructuredOutputTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Describe a person as JSON.\"}]";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":\"integer\"},\"mood\":{\"enum\":[\"happy\",\"sad\"]}},\"required\":[\"name\",\"age\","
            + "\"mood\"],\"additionalProperties\":false}";

    private static JsonNode chat(String fields) {
        TestServer.Reply r = server.post("/v1/chat/completions", "{" + USER + "," + fields + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void json_schema_answers_parse_and_validate_after_free_thinking(long seed) throws IOException {
        JsonNode choice = chat("\"temperature\":1.0,\"seed\":" + seed + ",\"max_tokens\":300,\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"schema\":" + SCHEMA + "}}")
                .get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("message").get("reasoning_content").asText()).isNotEmpty();
        JsonNode person = Json.MAPPER.readTree(choice.get("message").get("content").asText());
        assertThat(person.get("name").isTextual()).isTrue();
        assertThat(person.get("age").isIntegralNumber()).isTrue();
        assertThat(person.get("mood").asText()).isIn("happy", "sad");
        assertThat(person.size()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void json_object_answers_are_one_parsable_object(long seed) throws IOException {
        JsonNode choice = chat("\"temperature\":1.0,\"seed\":" + seed + ",\"max_tokens\":200,\"response_format\":"
                + "{\"type\":\"json_object\"}").get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(Json.MAPPER.readTree(choice.get("message").get("content").asText()).isObject()).isTrue();
    }

    @Test
    void a_named_tool_choice_is_enforced_by_decoding() throws IOException {
        // The tool block makes the prompt long for a 512-token context: a small schema leaves room for thinking.
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":"
                + "\"object\",\"properties\":{\"limit\":{\"type\":\"integer\"}},\"required\":[\"limit\"]}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"other\"}}]";
        JsonNode choice = chat("\"temperature\":1.0,\"seed\":5,\"max_tokens\":150," + tools
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}").get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.get("message").get("tool_calls").get(0).get("function");
        assertThat(call.get("name").asText()).isEqualTo("lookup");
        JsonNode args = Json.MAPPER.readTree(call.get("arguments").asText());
        assertThat(choice.get("message").get("reasoning_content").asText()).isNotEmpty();
        assertThat(args.get("limit").isIntegralNumber()).isTrue();
    }

    @Test
    void each_of_n_choices_equals_a_single_request_with_its_seed() {
        JsonNode both = chat("\"temperature\":1.0,\"seed\":40,\"max_tokens\":12,\"n\":2");
        JsonNode second = chat("\"temperature\":1.0,\"seed\":41,\"max_tokens\":12");
        assertThat(both.get("choices")).hasSize(2);
        assertThat(both.get("choices").get(1).get("message")).isEqualTo(second.get("choices").get(0).get("message"));
        assertThat(both.get("choices").get(0).get("message")).isNotEqualTo(both.get("choices").get(1).get("message"));
        assertThat(both.get("usage").get("completion_tokens").asInt()).isEqualTo(24);
    }

    @Test
    void chat_logprobs_cover_each_token_with_sorted_alternatives_and_greedy_picks_the_top_one() {
        JsonNode choice = chat("\"temperature\":0,\"max_tokens\":8,\"logprobs\":true,\"top_logprobs\":3")
                .get("choices").get(0);
        JsonNode content = choice.get("logprobs").get("content");
        assertThat(content).hasSize(8);
        for (JsonNode e : content) {
            JsonNode top = e.get("top_logprobs");
            assertThat(top).hasSize(3);
            assertThat(e.get("logprob").asDouble()).isLessThanOrEqualTo(0.0);
            assertThat(top.get(0).get("logprob").asDouble()).isGreaterThanOrEqualTo(top.get(1).get("logprob").asDouble());
            assertThat(top.get(1).get("logprob").asDouble()).isGreaterThanOrEqualTo(top.get(2).get("logprob").asDouble());
            assertThat(e.get("token").asText()).isEqualTo(top.get(0).get("token").asText());
            assertThat(e.get("logprob").asDouble()).isEqualTo(top.get(0).get("logprob").asDouble());
        }
        String streamed = server.post("/v1/chat/completions", "{" + USER
                + ",\"temperature\":0,\"max_tokens\":8,\"logprobs\":true,\"stream\":true}").body();
        int entries = 0;
        for (JsonNode e : TestServer.events(streamed)) {
            JsonNode lp = e.get("choices").get(0).get("logprobs");
            if (lp != null && !lp.isNull()) entries += lp.get("content").size();
        }
        assertThat(entries).isEqualTo(8);
    }

    @Test
    void completion_logprobs_list_tokens_offsets_and_alternatives() {
        TestServer.Reply r = server.post("/v1/completions",
                "{\"prompt\":\"Once upon a time\",\"max_tokens\":5,\"temperature\":0,\"logprobs\":2}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode choice = r.json().get("choices").get(0);
        JsonNode lp = choice.get("logprobs");
        assertThat(lp.get("tokens")).hasSize(5);
        assertThat(lp.get("token_logprobs")).hasSize(5);
        assertThat(lp.get("top_logprobs").get(0).size()).isBetween(1, 2);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            assertThat(lp.get("text_offset").get(i).asInt()).isEqualTo(joined.length());
            joined.append(lp.get("tokens").get(i).asText());
        }
        assertThat(joined.toString()).isEqualTo(choice.get("text").asText());
    }
}
