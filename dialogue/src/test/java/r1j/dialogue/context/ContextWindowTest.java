package r1j.dialogue.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.dialogue.TinyModel;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.DomainLoader;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventMeta;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.ConversationState;

class ContextWindowTest {
    private static final Domain DOMAIN = DomainLoader.load(Path.of("src/test/resources/domains/restaurant.yaml"));
    private static TinyModel tiny;

    @BeforeAll
    static void load() {
        tiny = new TinyModel(512);
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    /** {@code turns} turns of long chatter, a tool call with its result in turn 2, and a slot set in turn 1. */
    private static ConversationState longConversation(int turns) {
        List<ConversationEvent> log = new ArrayList<>();
        for (int t = 1; t <= turns; t++) {
            log.add(new ConversationEvent.UserMessage(meta(log, t), "turn " + t + " question: " + "tell me more about the menu ".repeat(4)));
            if (t == 1) log.add(new ConversationEvent.SlotSet(meta(log, t), "guests", IntNode.valueOf(4), 0.9, ValueSource.RULE));
            if (t == 2) {
                log.add(new ConversationEvent.ToolCall(meta(log, t), "call_1", "menu", "{\"day\":\"today\"}"));
                log.add(new ConversationEvent.ToolResult(meta(log, t), "call_1", "soup, salad"));
            }
            if (t < turns) log.add(new ConversationEvent.AssistantMessage(meta(log, t), "answer " + t + " " + "the menu has many dishes ".repeat(4),
                    "SECRET REASONING", true, "stop"));
        }
        return ConversationState.fold("c", log);
    }

    private static EventMeta meta(List<ConversationEvent> log, int turn) {
        return new EventMeta("c", log.size() + 1, turn, Instant.EPOCH);
    }

    @Test
    void overflow_drops_the_oldest_turns_but_keeps_the_state_block_and_stays_under_the_limit() {
        ConversationState state = longConversation(12);
        int budget = 100;
        ContextWindow window = new ContextWindow(tiny.model, 512);
        PromptPlan plan = window.build(DOMAIN, state, "You are a booking assistant.", budget);
        int counted = tiny.model.tokenizer().encodeWithBos(plan.text()).length;
        assertThat(counted).isEqualTo(plan.tokens().length);
        assertThat(counted + budget).isLessThanOrEqualTo(512);
        assertThat(plan.droppedThrough()).isGreaterThan(0);
        // Starts on a user turn that carries the system text; the newest user turn carries the state block.
        assertThat(plan.messages().getFirst().get("role")).isEqualTo("user");
        assertThat((String) plan.messages().getFirst().get("content")).startsWith("You are a booking assistant.");
        Map<String, Object> last = plan.messages().getLast();
        assertThat((String) last.get("content")).startsWith(StateBlock.OPEN).contains("guests=4").contains("date=? (required)")
                .contains("turn 12 question");
        assertThat(plan.text()).contains("guests=4").doesNotContain("SECRET REASONING");
        // The window is as large as fits: one more turn would not.
        assertThat(plan.firstTurn()).isEqualTo(plan.droppedThrough() + 1);
    }

    @Test
    void a_tool_result_is_never_kept_without_its_call() {
        ConversationState state = longConversation(3);
        for (int budget = 0; budget < 400; budget += 10) {
            PromptPlan plan;
            try {
                plan = new ContextWindow(tiny.model, 512).build(DOMAIN, state, null, budget);
            } catch (ContextOverflowException e) {
                break;
            }
            boolean hasResult = plan.messages().stream().anyMatch(m -> "tool".equals(m.get("role")));
            boolean hasCall = plan.messages().stream().anyMatch(m -> m.containsKey("tool_calls"));
            assertThat(hasResult).isEqualTo(hasCall);
            assertThat(plan.tokens().length + budget).isLessThanOrEqualTo(512);
        }
    }

    @Test
    void a_newest_message_that_cannot_fit_is_an_overflow_error_with_the_numbers() {
        ConversationState state = longConversation(1);
        assertThatThrownBy(() -> new ContextWindow(tiny.model, 512).build(DOMAIN, state, null, 500))
                .isInstanceOf(ContextOverflowException.class).hasMessageContaining("512").hasMessageContaining("500");
    }
}
