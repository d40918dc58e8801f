package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;

/**
 * Tool calls end to end with an engine that writes exact call text (the tiny model's random weights never would):
 * parsing into {@code tool_calls}, streamed deltas, the prompt the tools render into, and the official SDK.
 */
class ScriptedToolCallsTest {
    private static final AtomicReference<List<String>> SCRIPT = new AtomicReference<>();
    private static final AtomicReference<String> LAST_PROMPT = new AtomicReference<>();
    private static TestServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withEngine((prompt, settings, sink, cancelled) -> {
            LAST_PROMPT.set(server.model.tokenizer().decode(prompt));
            List<String> pieces = SCRIPT.get();
            for (int i = 0; i < pieces.size(); i++) sink.accept(i, pieces.get(i));
            return new GenerationResult(new int[pieces.size()], String.join("", pieces), FinishReason.STOP,
                    prompt.length, 0, 0, 0);
        }, b -> {});
        client = OpenAIOkHttpClient.builder().baseUrl(server.base() + "/v1").apiKey("none").maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Current weather of a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
            + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
    private static final String ASK = "{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Beijing?\"}]," + TOOLS;

    /** Thinking, then a DeepSeek-R1 call block, cut into awkward pieces (tags split across them). */
    private static final List<String> R1_CALL = List.of("I should call", " the tool.</th", "ink>\n\n<｜tool▁calls",
            "▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_", "weather\n```json\n{\"city\": ",
            "\"北京\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>");

    private static final List<String> HERMES_CALL = List.of("ok</think>", "<tool_", "call>\n{\"name\": \"get_weather\", ",
            "\"arguments\": {\"city\": \"Paris\"}}\n</tool_call>");

    @Test
    void an_r1_call_becomes_tool_calls_with_finish_reason_tool_calls() {
        SCRIPT.set(R1_CALL);
        JsonNode choice = server.post("/v1/chat/completions", ASK + "}").json().get("choices").get(0);
        JsonNode m = choice.get("message");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(m.get("content").isNull()).isTrue();
        assertThat(m.get("reasoning_content").asText()).isEqualTo("I should call the tool.");
        JsonNode call = m.get("tool_calls").get(0);
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"city\": \"北京\"}");
        assertThat(m.get("tool_calls")).hasSize(1);
    }

    @Test
    void a_hermes_call_is_read_too_and_a_broken_call_stays_content() {
        SCRIPT.set(HERMES_CALL);
        JsonNode m = server.post("/v1/chat/completions", ASK + "}").json().get("choices").get(0).get("message");
        assertThat(m.get("tool_calls").get(0).get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");

        SCRIPT.set(List.of("hm</think>", "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": }</tool_call>"));
        JsonNode j = server.post("/v1/chat/completions", ASK + "}").json().get("choices").get(0);
        assertThat(j.get("message").has("tool_calls")).isFalse();
        assertThat(j.get("message").get("content").asText())
                .isEqualTo("<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": }</tool_call>");
        assertThat(j.get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamed_calls_arrive_whole_with_their_index_and_no_tag_leaks_into_content() {
        SCRIPT.set(R1_CALL);
        String body = server.post("/v1/chat/completions", ASK + ",\"stream\":true}").body();
        List<JsonNode> calls = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        String finish = null;
        for (JsonNode e : TestServer.events(body)) {
            JsonNode c = e.get("choices").get(0);
            JsonNode d = c.get("delta");
            if (d.has("tool_calls")) d.get("tool_calls").forEach(calls::add);
            if (d.has("content")) content.append(d.get("content").asText());
            if (!c.get("finish_reason").isNull()) finish = c.get("finish_reason").asText();
        }
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("index").asInt()).isEqualTo(0);
        assertThat(calls.get(0).get("id").asText()).startsWith("call_");
        assertThat(calls.get(0).get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(calls.get(0).get("function").get("arguments").asText()).isEqualTo("{\"city\": \"北京\"}");
        assertThat(content.toString()).isEmpty();
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void text_before_a_call_reads_the_same_streamed_and_whole() {
        SCRIPT.set(List.of("x</think>", "\n", "\nSure", ".<tool_call>{\"name\": \"get_weather\", \"arguments\": {}}",
                "</tool_call>"));
        JsonNode m = server.post("/v1/chat/completions", ASK + "}").json().get("choices").get(0).get("message");
        assertThat(m.get("content").asText()).isEqualTo("\n\nSure.");
        StringBuilder content = new StringBuilder();
        int calls = 0;
        for (JsonNode e : TestServer.events(server.post("/v1/chat/completions", ASK + ",\"stream\":true}").body())) {
            JsonNode d = e.get("choices").get(0).get("delta");
            if (d.has("content")) content.append(d.get("content").asText());
            if (d.has("tool_calls")) calls += d.get("tool_calls").size();
        }
        assertThat(content.toString()).isEqualTo("\n\nSure.");
        assertThat(calls).isEqualTo(1);
    }

    @Test
    void tools_are_described_in_the_first_user_turn_because_the_r1_template_ignores_them() {
        SCRIPT.set(List.of("</think>fine"));
        server.post("/v1/chat/completions", ASK + "}");
        String prompt = LAST_PROMPT.get();
        assertThat(prompt).startsWith("<｜begin▁of▁sentence｜><｜User｜>You can call these functions")
                .contains("\"name\":\"get_weather\"").contains("<｜tool▁calls▁begin｜>")
                .endsWith("Weather in Beijing?<｜Assistant｜><think>\n");

        server.post("/v1/chat/completions", ASK + ",\"tool_choice\":\"none\"}");
        assertThat(LAST_PROMPT.get()).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>Weather in Beijing?<｜Assistant｜><think>\n");
        SCRIPT.set(R1_CALL);
        JsonNode m = server.post("/v1/chat/completions", ASK + ",\"tool_choice\":\"none\"}").json()
                .get("choices").get(0).get("message");
        assertThat(m.has("tool_calls")).isFalse();
        assertThat(m.get("content").asText()).contains("<｜tool▁call▁begin｜>");
    }

    @Test
    void earlier_calls_and_tool_results_render_as_the_template_fixture_does() {
        SCRIPT.set(List.of("</think>It is 21°C."));
        // Arguments as an object and content "" (both seen from clients) render like the fixture's string and null.
        String body = "{\"tool_choice\":\"none\"," + TOOLS + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"What's the weather in Beijing?\"},{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":"
                + "\"call_0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": "
                + "\\\"北京\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_0\",\"content\":\"{\\\"temp\\\": 21, "
                + "\\\"rain\\\": false}\"},{\"role\":\"assistant\",\"content\":\"It is 21°C and not raining in Beijing.\"},"
                + "{\"role\":\"user\",\"content\":\"Thanks\"}]}";
        assertThat(server.post("/v1/chat/completions", body).status()).isEqualTo(200);
        assertThat(LAST_PROMPT.get()).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>What's the weather in Beijing?"
                + "<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n"
                + "{\"city\": \"北京\"}\n```<｜tool▁call▁end｜><｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>"
                + "{\"temp\": 21, \"rain\": false}<｜tool▁output▁end｜><｜tool▁outputs▁end｜>It is 21°C and not raining in"
                + " Beijing.<｜end▁of▁sentence｜><｜User｜>Thanks<｜Assistant｜><think>\n");
    }

    @Test
    void n_choices_come_back_with_their_index_streamed_and_not() {
        SCRIPT.set(HERMES_CALL);
        JsonNode j = server.post("/v1/chat/completions", ASK + ",\"n\":3}").json();
        assertThat(j.get("choices")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(j.get("choices").get(i).get("index").asInt()).isEqualTo(i);
            assertThat(j.get("choices").get(i).get("finish_reason").asText()).isEqualTo("tool_calls");
        }
        assertThat(j.get("usage").get("completion_tokens").asInt()).isEqualTo(3 * HERMES_CALL.size());
        String body = server.post("/v1/chat/completions", ASK + ",\"n\":2,\"stream\":true}").body();
        int[] finishes = new int[2];
        for (JsonNode e : TestServer.events(body)) {
            JsonNode c = e.get("choices").get(0);
            if (!c.get("finish_reason").isNull()) finishes[c.get("index").asInt()]++;
        }
        assertThat(finishes).containsExactly(1, 1);
    }

    @Test
    void the_official_sdk_reads_tool_calls_whole_and_streamed() {
        SCRIPT.set(R1_CALL);
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(TestServer.MODEL)
                .addUserMessage("Weather in Beijing?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build()).build())
                .build();
        ChatCompletion whole = client.chat().completions().create(params);
        ChatCompletion.Choice choice = whole.choices().get(0);
        assertThat(choice.finishReason().asString()).isEqualTo("tool_calls");
        List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).asFunction().function().name()).isEqualTo("get_weather");
        assertThat(calls.get(0).asFunction().function().arguments()).isEqualTo("{\"city\": \"北京\"}");

        List<String> names = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().toolCalls().ifPresent(
                    list -> list.forEach(t -> names.add(t.index() + ":" + t.function().orElseThrow().name().orElseThrow())))));
        }
        assertThat(names).containsExactly("0:get_weather");
    }
}
