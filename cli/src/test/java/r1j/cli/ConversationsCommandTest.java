package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventMeta;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.store.JdbcConversationStore;

/** {@code r1j conversations} prints what {@code /v1/conversations} answers: snake_case, lower-case enum values. */
class ConversationsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-06T01:00:00Z");

    @TempDir
    Path dataDir;

    private void storeOneTurn() {
        try (JdbcConversationStore store = JdbcConversationStore.sqlite(dataDir)) {
            store.create("c1", null, Map.of("user", "ada"), AT);
            store.append("c1", 0, List.of(
                    new ConversationEvent.UserMessage(new EventMeta("c1", 1, 1, AT), "I need a flight to Paris"),
                    new ConversationEvent.SlotSet(new EventMeta("c1", 2, 1, AT), "destination",
                            TextNode.valueOf("Paris"), 0.9, ValueSource.RULE),
                    new ConversationEvent.AssistantMessage(new EventMeta("c1", 3, 1, AT), "When?", "dates next",
                            true, "stop")), AT);
        }
    }

    private String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String[] full = new String[args.length + 2];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = "--data-dir";
            full[args.length + 1] = dataDir.toString();
            assertThat(Main.commandLine().execute(full)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void list_prints_one_api_conversation_per_line() throws Exception {
        storeOneTurn();
        JsonNode c = JSON.readTree(run("conversations", "list").strip());
        assertThat(c.get("id").asText()).isEqualTo("c1");
        assertThat(c.get("created_at").asLong()).isEqualTo(AT.getEpochSecond());
        assertThat(c.get("metadata").get("user").asText()).isEqualTo("ada");
        assertThat(c.has("createdAt")).isFalse();
    }

    @Test
    void show_prints_the_conversation_and_its_state_in_snake_case() throws Exception {
        storeOneTurn();
        JsonNode c = JSON.readTree(run("conversations", "show", "c1"));
        JsonNode state = c.get("state");
        assertThat(state.get("conversation_id").asText()).isEqualTo("c1");
        assertThat(state.get("last_seq").asLong()).isEqualTo(3);
        assertThat(state.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(state.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(state.get("slots").get("destination").get("source").asText()).isEqualTo("rule");
        assertThat(JSON.readTree(run("conversations", "show", "c1", "--turn", "1")).get("last_seq").asLong())
                .isEqualTo(3);
    }

    @Test
    void export_prints_every_event_with_its_api_type() throws Exception {
        storeOneTurn();
        List<JsonNode> events = run("conversations", "export", "c1").lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("user_message", "slot_set", "assistant_message");
        assertThat(events.get(1).get("source").asText()).isEqualTo("rule");
        assertThat(events.get(2).get("finish_reason").asText()).isEqualTo("stop");
    }
}
