package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.server.http.Json;

class ChatCompletionsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String extra) {
        return "{\"model\":\"" + TestServer.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]"
                + ",\"temperature\":0,\"max_tokens\":24" + extra + "}";
    }

    @Test
    void a_non_streamed_answer_has_the_openai_shape_and_usage() {
        TestServer.Reply r = server.post("/v1/chat/completions", chat(""));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("id").asText()).startsWith("chatcmpl-");
        assertThat(j.get("object").asText()).isEqualTo("chat.completion");
        assertThat(j.get("model").asText()).isEqualTo(TestServer.MODEL);
        JsonNode choice = j.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
        JsonNode usage = j.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 24);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        assertThat(usage.get("completion_tokens_details").get("reasoning_tokens").asInt())
                .isBetween(0, usage.get("completion_tokens").asInt());
    }

    @Test
    void streamed_deltas_concatenate_to_the_non_streamed_answer() {
        JsonNode whole = server.post("/v1/chat/completions", chat("")).json();
        TestServer.Reply r = server.post("/v1/chat/completions",
                chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = TestServer.events(r.body());
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        String finish = null;
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertThat(e.get("object").asText()).isEqualTo("chat.completion.chunk");
            JsonNode choice = e.get("choices").get(0);
            JsonNode delta = choice.get("delta");
            if (delta.has("reasoning_content")) reasoning.append(delta.get("reasoning_content").asText());
            if (delta.has("content")) content.append(delta.get("content").asText());
            if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").asText();
        }
        assertThat(events.get(0).get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        JsonNode message = whole.get("choices").get(0).get("message");
        assertThat(reasoning.toString()).isEqualTo(message.path("reasoning_content").asText(""));
        assertThat(content.toString()).isEqualTo(message.path("content").asText(""));
        assertThat(finish).isEqualTo(whole.get("choices").get(0).get("finish_reason").asText());
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("choices")).isEmpty();
        assertThat(last.get("usage")).isEqualTo(whole.get("usage"));
    }

    @Test
    void a_reply_cut_by_max_tokens_inside_its_thinking_is_all_reasoning_with_finish_length() {
        JsonNode j = server.post("/v1/chat/completions", chat(",\"max_tokens\":6,\"ignore_eos\":true")).json();
        JsonNode choice = j.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        // The template opened <think>; the tiny model does not close it within 6 tokens.
        assertThat(choice.get("message").get("content").isNull()).isTrue();
        assertThat(choice.get("message").get("reasoning_content").asText()).isNotEmpty();
        assertThat(j.get("usage").get("completion_tokens").asInt()).isEqualTo(6);
        assertThat(j.get("usage").get("completion_tokens_details").get("reasoning_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void max_completion_tokens_wins_over_max_tokens() {
        JsonNode j = server.post("/v1/chat/completions",
                chat(",\"max_tokens\":20,\"max_completion_tokens\":3,\"ignore_eos\":true")).json();
        assertThat(j.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void include_reasoning_false_drops_the_reasoning() {
        JsonNode j = server.post("/v1/chat/completions", chat(",\"max_tokens\":6,\"ignore_eos\":true,"
                + "\"include_reasoning\":false")).json();
        assertThat(j.get("choices").get(0).get("message").get("reasoning_content").isNull()).isTrue();
    }

    @Test
    void a_system_message_is_folded_into_the_first_user_turn_unless_the_request_says_not_to() {
        String system = "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]";
        String folded = "[{\"role\":\"user\",\"content\":\"Be brief.\\n\\nHi\"}]";
        String chat = "{\"messages\":%s,\"max_tokens\":1%s}";
        assertThat(promptTokens(String.format(chat, system, ""))).isEqualTo(promptTokens(String.format(chat, folded, "")));
        String tokenize = "{\"messages\":%s%s}";
        JsonNode byDefault = server.post("/tokenize", String.format(tokenize, system, "")).json().get("tokens");
        JsonNode byHand = server.post("/tokenize", String.format(tokenize, folded, "")).json().get("tokens");
        JsonNode kept = server.post("/tokenize", String.format(tokenize, system, ",\"fold_system_prompt\":false"))
                .json().get("tokens");
        assertThat(byDefault).isEqualTo(byHand);
        assertThat(kept).isNotEqualTo(byDefault);
    }

    private static int promptTokens(String body) {
        TestServer.Reply r = server.post("/v1/chat/completions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("usage").get("prompt_tokens").asInt();
    }

    @Test
    void the_same_seed_gives_the_same_answer() {
        String body = chat(",\"temperature\":0.9,\"seed\":1234,\"top_k\":40,\"min_p\":0.01,\"repetition_penalty\":1.1"
                + ",\"presence_penalty\":0.5,\"frequency_penalty\":0.2");
        JsonNode a = server.post("/v1/chat/completions", body).json().get("choices").get(0).get("message");
        JsonNode b = server.post("/v1/chat/completions", body).json().get("choices").get(0).get("message");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void a_stop_string_ends_the_answer_before_it() {
        JsonNode free = server.post("/v1/chat/completions", chat(",\"ignore_eos\":true")).json();
        String text = free.get("choices").get(0).get("message").get("reasoning_content").asText();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        JsonNode stopped = server.post("/v1/chat/completions",
                chat(",\"ignore_eos\":true,\"stop\":" + Json.MAPPER.valueToTree(stop))).json();
        JsonNode choice = stopped.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("message").get("reasoning_content").asText()).doesNotContain(stop);
        assertThat(text).startsWith(choice.get("message").get("reasoning_content").asText());
    }

    @Test
    void fields_the_server_does_not_use_are_tolerated() {
        TestServer.Reply r = server.post("/v1/chat/completions", chat(",\"reasoning_effort\":\"low\",\"user\":\"u1\","
                + "\"store\":false,\"metadata\":{\"a\":\"b\"},\"parallel_tool_calls\":true,\"service_tier\":\"auto\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"none\","
                + "\"response_format\":{\"type\":\"text\"},\"logprobs\":false,\"n\":1"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void a_thinking_budget_closes_the_thinking_and_the_answer_begins() {
        // Without a budget the tiny model thinks through all 24 tokens (it never writes </think> by itself).
        JsonNode free = server.post("/v1/chat/completions", chat(",\"ignore_eos\":true")).json();
        assertThat(free.get("choices").get(0).get("message").get("content").isNull()).isTrue();
        for (String budget : new String[] {",\"reasoning_budget\":5", ",\"reasoning_budget\":0"}) {
            JsonNode j = server.post("/v1/chat/completions", chat(",\"ignore_eos\":true" + budget)).json();
            JsonNode message = j.get("choices").get(0).get("message");
            int reasoning = j.get("usage").get("completion_tokens_details").get("reasoning_tokens").asInt();
            // The thinking tokens, then the forced </think> (counted as reasoning), then the answer.
            assertThat(reasoning).as(budget).isEqualTo(budget.endsWith("5") ? 6 : 1);
            assertThat(message.get("content").asText()).as(budget).isNotEmpty();
        }
        // A named effort is a budget too (low: 512 tokens, more than this reply may use: no change).
        JsonNode low = server.post("/v1/chat/completions", chat(",\"ignore_eos\":true,\"reasoning_effort\":\"low\"")).json();
        assertThat(low.get("choices").get(0).get("message").get("content").isNull()).isTrue();
    }

    @Test
    void bad_settings_are_400s_naming_their_field() {
        for (String[] c : new String[][] {{",\"reasoning_budget\":-5", "reasoning_budget"},
                {",\"reasoning_effort\":\"max\"", "reasoning_effort"}, {",\"top_p\":0", "top_p"},
                {",\"temperature\":-1", "temperature"}, {",\"max_completion_tokens\":0", "max_completion_tokens"},
                {",\"max_tokens\":100000", "max_tokens"}, {",\"stop\":[\"\"]", "stop"}, {",\"n\":9", "n"}}) {
            TestServer.Reply r = server.post("/v1/chat/completions", chat(c[0]));
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.json().get("error").get("param").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }
}
