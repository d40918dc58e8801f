package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.server.http.Json;

/** The official openai-java SDK, unchanged, against the real server (with an API key, as deployments have). */
class OpenAiSdkTest {
    private static TestServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.apiKey("sdk-key"));
        client = OpenAIOkHttpClient.builder().baseUrl(server.base() + "/v1").apiKey("sdk-key").maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder()
                .model(TestServer.MODEL)
                .addSystemMessage("Answer briefly.")
                .addUserMessage("What is 2+2?")
                .temperature(0.0)
                .maxCompletionTokens(16L)
                .build();
    }

    private static String text(Map<String, JsonValue> extra, String key) {
        JsonValue v = extra.get(key);
        return v == null || v.isNull() ? "" : v.asStringOrThrow();
    }

    @Test
    void chat_completions_and_their_stream_read_the_same_with_the_sdk() {
        ChatCompletion whole = client.chat().completions().create(params());
        ChatCompletion.Choice choice = whole.choices().get(0);
        assertThat(whole.model()).isEqualTo(TestServer.MODEL);
        assertThat(whole.usage().orElseThrow().completionTokens()).isBetween(1L, 16L);
        String reasoning = text(choice.message()._additionalProperties(), "reasoning_content");
        String content = choice.message().content().orElse("");
        assertThat(reasoning + content).isNotEmpty();

        StringBuilder streamedReasoning = new StringBuilder();
        StringBuilder streamedContent = new StringBuilder();
        String[] finish = {null};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
                c.delta().content().ifPresent(streamedContent::append);
                streamedReasoning.append(text(c.delta()._additionalProperties(), "reasoning_content"));
                c.finishReason().ifPresent(r -> finish[0] = r.asString());
            }));
        }
        assertThat(streamedReasoning.toString()).isEqualTo(reasoning);
        assertThat(streamedContent.toString()).isEqualTo(content);
        assertThat(finish[0]).isEqualTo(choice.finishReason().asString());
    }

    @Test
    void json_schema_answers_parse_and_validate_through_the_sdk() throws Exception {
        ResponseFormatJsonSchema.JsonSchema.Schema schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                        "name", Map.of("type", "string"),
                        "age", Map.of("type", "integer"),
                        "mood", Map.of("type", "string", "enum", List.of("happy", "sad")))))
                .putAdditionalProperty("required", JsonValue.from(List.of("name", "age", "mood")))
                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                .build();
        for (long seed = 1; seed <= 2; seed++) {
            ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(TestServer.MODEL)
                    .addUserMessage("Describe a person as JSON.")
                    .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                            .name("person").schema(schema).strict(true).build()).build())
                    .maxCompletionTokens(200L)
                    .seed(seed)
                    .build());
            String content = answer.choices().get(0).message().content().orElseThrow();
            JsonNode json = Json.MAPPER.readTree(content);
            assertThat(json.get("name").isTextual()).as(content).isTrue();
            assertThat(json.get("age").isIntegralNumber()).as(content).isTrue();
            assertThat(json.get("mood").asText()).as(content).isIn("happy", "sad");
            assertThat(json.size()).as(content).isEqualTo(3);
        }
    }

    @Test
    void completions_and_models_work_with_the_sdk() {
        Completion c = client.completions().create(CompletionCreateParams.builder()
                .model(TestServer.MODEL).prompt("Once upon a time").maxTokens(5L).temperature(0.0).build());
        assertThat(c.choices()).hasSize(1);
        assertThat(client.models().list().data()).extracting(m -> m.id()).containsExactly(TestServer.MODEL);
    }

    @Test
    void errors_arrive_as_the_sdks_typed_exceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(params().toBuilder().model("gpt-4o").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("gpt-4o");
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(server.base() + "/v1").apiKey("nope")
                .maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrongKey.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }
    }
}
