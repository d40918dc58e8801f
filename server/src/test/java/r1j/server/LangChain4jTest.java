package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI module, unchanged, against the real server: a chat call and a streaming chat call. */
class LangChain4jTest {
    private static final String KEY = "lc4j-key";
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.apiKey(KEY));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static OpenAiChatModel chatModel() {
        return OpenAiChatModel.builder().baseUrl(server.base() + "/v1").apiKey(KEY).modelName(TestServer.MODEL)
                .temperature(0.0).maxTokens(24).returnThinking(true).maxRetries(0).timeout(Duration.ofSeconds(60))
                .build();
    }

    private static OpenAiStreamingChatModel streamingModel() {
        return OpenAiStreamingChatModel.builder().baseUrl(server.base() + "/v1").apiKey(KEY)
                .modelName(TestServer.MODEL).temperature(0.0).maxTokens(24).returnThinking(true)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void a_chat_call_returns_the_answer_with_its_thinking_and_usage() {
        ChatResponse r = chatModel().chat(UserMessage.from("What is 2+2?"));
        String text = r.aiMessage().text() == null ? "" : r.aiMessage().text();
        String thinking = r.aiMessage().thinking() == null ? "" : r.aiMessage().thinking();
        assertThat(text + thinking).isNotEmpty();
        assertThat(r.modelName()).isEqualTo(TestServer.MODEL);
        assertThat(r.tokenUsage().outputTokenCount()).isBetween(1, 24);
        assertThat(r.tokenUsage().inputTokenCount()).isPositive();
    }

    @Test
    void a_streaming_chat_call_delivers_the_same_answer_in_parts() throws Exception {
        ChatResponse whole = chatModel().chat(UserMessage.from("What is 2+2?"));
        StringBuilder parts = new StringBuilder();
        StringBuilder thinkingParts = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streamingModel().chat(List.of(UserMessage.from("What is 2+2?")), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                parts.append(partial);
            }

            @Override
            public void onPartialThinking(PartialThinking partial) {
                thinkingParts.append(partial.text());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse streamed = done.get(60, TimeUnit.SECONDS);
        assertThat(parts.toString() + thinkingParts).as("streamed text and thinking").isNotEmpty();
        assertThat(parts.toString()).isEqualTo(nullToEmpty(whole.aiMessage().text()));
        assertThat(thinkingParts.toString()).isEqualTo(nullToEmpty(whole.aiMessage().thinking()));
        assertThat(nullToEmpty(streamed.aiMessage().text())).isEqualTo(nullToEmpty(whole.aiMessage().text()));
        assertThat(streamed.finishReason()).isEqualTo(whole.finishReason());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
