package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;

/**
 * The reasoning rule end to end, with an engine that writes a scripted answer (the tiny model's random weights
 * never write {@code </think>} on cue): what is split where, for each finish reason, streamed and not.
 */
class ScriptedReasoningTest {
    private record Script(List<String> pieces, FinishReason finish) {}

    private static final AtomicReference<Script> SCRIPT = new AtomicReference<>();
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withEngine((prompt, settings, sink, cancelled) -> {
            Script s = SCRIPT.get();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < s.pieces.size(); i++) {
                sink.accept(i, s.pieces.get(i));
                text.append(s.pieces.get(i));
            }
            return new GenerationResult(new int[s.pieces.size()], text.toString(), s.finish, prompt.length, 0, 0, 0);
        }, b -> {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]%s}";

    private static JsonNode message(List<String> pieces, FinishReason finish) {
        SCRIPT.set(new Script(pieces, finish));
        return server.post("/v1/chat/completions", String.format(CHAT, "")).json();
    }

    /** Concatenated reasoning and content deltas, and the finish reason, of the streamed answer. */
    private static String[] streamed(List<String> pieces, FinishReason finish) {
        SCRIPT.set(new Script(pieces, finish));
        String body = server.post("/v1/chat/completions", String.format(CHAT, ",\"stream\":true")).body();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        String reason = null;
        for (JsonNode e : TestServer.events(body)) {
            JsonNode choice = e.get("choices").get(0);
            JsonNode d = choice.get("delta");
            if (d.has("reasoning_content")) reasoning.append(d.get("reasoning_content").asText());
            if (d.has("content")) content.append(d.get("content").asText());
            if (!choice.get("finish_reason").isNull()) reason = choice.get("finish_reason").asText();
            assertThat(d.toString()).doesNotContain("think>").doesNotContain("</th");
        }
        return new String[] {reasoning.toString(), content.toString(), reason};
    }

    private static final List<String> CLOSED = List.of("Let me ", "add.", "</th", "ink>", "\n\nIt is", " 4.");

    @Test
    void text_before_the_closing_tag_is_reasoning_and_after_it_content() {
        JsonNode j = message(CLOSED, FinishReason.STOP);
        JsonNode m = j.get("choices").get(0).get("message");
        assertThat(m.get("reasoning_content").asText()).isEqualTo("Let me add.");
        assertThat(m.get("content").asText()).isEqualTo("\n\nIt is 4.");
        assertThat(j.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(j.get("usage").get("completion_tokens").asInt()).isEqualTo(6);
        // "Let me ", "add.", "</th", "ink>": the tokens written inside the think block.
        assertThat(j.get("usage").get("completion_tokens_details").get("reasoning_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void stream_deltas_split_the_same_way_and_never_carry_the_tag() {
        assertThat(streamed(CLOSED, FinishReason.STOP)).containsExactly("Let me add.", "\n\nIt is 4.", "stop");
    }

    @Test
    void a_reply_that_never_closes_its_thinking_is_all_reasoning_for_every_finish_reason() {
        for (FinishReason finish : List.of(FinishReason.STOP, FinishReason.LENGTH)) {
            List<String> open = List.of("Hmm, ", "let me think", " about it");
            JsonNode j = message(open, finish);
            JsonNode m = j.get("choices").get(0).get("message");
            assertThat(m.get("reasoning_content").asText()).isEqualTo("Hmm, let me think about it");
            assertThat(m.get("content").isNull()).isTrue();
            assertThat(j.get("choices").get(0).get("finish_reason").asText()).isEqualTo(finish.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(j.get("usage").get("completion_tokens_details").get("reasoning_tokens").asInt()).isEqualTo(3);
            assertThat(streamed(open, finish)).containsExactly("Hmm, let me think about it", "", finish.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void a_leading_think_tag_written_by_the_model_is_dropped_too() {
        JsonNode m = message(List.of("<think>", "plan", "</think>", "answer"), FinishReason.STOP)
                .get("choices").get(0).get("message");
        assertThat(m.get("reasoning_content").asText()).isEqualTo("plan");
        assertThat(m.get("content").asText()).isEqualTo("answer");
    }

    @Test
    void text_completions_return_the_raw_text_with_its_tags() {
        SCRIPT.set(new Script(CLOSED, FinishReason.STOP));
        JsonNode j = server.post("/v1/completions", "{\"prompt\":\"2+2?\"}").json();
        assertThat(j.get("choices").get(0).get("text").asText()).isEqualTo(String.join("", CLOSED));
    }

    @Test
    void reasoning_format_none_leaves_the_thinking_inline_in_the_content() {
        SCRIPT.set(new Script(CLOSED, FinishReason.STOP));
        JsonNode m = server.post("/v1/chat/completions", String.format(CHAT, ",\"reasoning_format\":\"none\""))
                .json().get("choices").get(0).get("message");
        assertThat(m.get("content").asText()).isEqualTo("Let me add.</think>\n\nIt is 4.");
        assertThat(m.hasNonNull("reasoning_content")).isFalse();

        String body = server.post("/v1/chat/completions",
                String.format(CHAT, ",\"stream\":true,\"reasoning_format\":\"none\"")).body();
        StringBuilder content = new StringBuilder();
        for (JsonNode e : TestServer.events(body)) {
            JsonNode d = e.get("choices").get(0).get("delta");
            assertThat(d.hasNonNull("reasoning_content")).isFalse();
            if (d.hasNonNull("content")) content.append(d.get("content").asText());
        }
        assertThat(content.toString()).isEqualTo("Let me add.</think>\n\nIt is 4.");

        JsonNode bad = server.post("/v1/chat/completions", String.format(CHAT, ",\"reasoning_format\":\"raw\"")).json();
        assertThat(bad.get("error").get("param").asText()).isEqualTo("reasoning_format");
    }
}
