package r1j.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import r1j.dialogue.events.ConversationEvent.AssistantMessage;
import r1j.dialogue.events.ConversationEvent.IntentDetected;
import r1j.dialogue.events.ConversationEvent.Rewound;
import r1j.dialogue.events.ConversationEvent.SlotReset;
import r1j.dialogue.events.ConversationEvent.SlotSet;
import r1j.dialogue.events.ConversationEvent.UserMessage;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventCodec;
import r1j.dialogue.events.EventMeta;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;

class ConversationStateTest {
    private final List<ConversationEvent> log = new ArrayList<>();

    private EventMeta meta(int turn) {
        return new EventMeta("c1", log.size() + 1, turn, Instant.ofEpochMilli(1_000L * (log.size() + 1)));
    }

    private void add(java.util.function.Function<EventMeta, ConversationEvent> f, int turn) {
        log.add(f.apply(meta(turn)));
    }

    private void script() {
        add(m -> new UserMessage(m, "book a table for 4 people"), 1);
        add(m -> new IntentDetected(m, "book_table", 0.9, ValueSource.RULE), 1);
        add(m -> new SlotSet(m, "guests", IntNode.valueOf(4), 0.85, ValueSource.RULE), 1);
        add(m -> new AssistantMessage(m, "For when?", "thinking about dates", true, "stop"), 1);
        add(m -> new UserMessage(m, "2025-03-01, thai"), 2);
        add(m -> new SlotSet(m, "date", TextNode.valueOf("2025-03-01"), 0.9, ValueSource.RULE), 2);
        add(m -> new SlotSet(m, "cuisine", TextNode.valueOf("thai"), 0.85, ValueSource.RULE), 2);
        add(m -> new AssistantMessage(m, "Booked", "", true, "stop"), 2);
        add(m -> new UserMessage(m, "no cuisine after all"), 3);
        add(m -> new SlotReset(m, "cuisine", ValueSource.MODEL), 3);
    }

    @Test
    void the_fold_collects_messages_intent_and_slots_and_keeps_reasoning_apart() {
        script();
        ConversationState s = ConversationState.fold("c1", log);
        assertThat(s.turn()).isEqualTo(3);
        assertThat(s.lastSeq()).isEqualTo(10);
        assertThat(s.intent().name()).isEqualTo("book_table");
        assertThat(s.slots()).containsOnlyKeys("guests", "date");
        assertThat(s.slot("guests").source()).isEqualTo(ValueSource.RULE);
        assertThat(s.messages()).extracting(Message::content)
                .containsExactly("book a table for 4 people", "For when?", "2025-03-01, thai", "Booked", "no cuisine after all");
        assertThat(s.messages().get(1).reasoning()).isEqualTo("thinking about dates");
    }

    @Test
    void state_at_a_past_turn_is_rebuilt_from_fewer_events() {
        script();
        ConversationState t1 = ConversationState.fold("c1", log, 1);
        assertThat(t1.turn()).isEqualTo(1);
        assertThat(t1.slots()).containsOnlyKeys("guests");
        assertThat(ConversationState.fold("c1", log, 2).slot("cuisine").value().asText()).isEqualTo("thai");
        assertThat(ConversationState.fold("c1", log, 0).messages()).isEmpty();
    }

    @Test
    void rewind_drops_later_turns_from_the_timeline_and_the_next_turn_reuses_the_number() {
        script();
        add(m -> new Rewound(m, 1), 1);
        ConversationState r = ConversationState.fold("c1", log);
        assertThat(r.turn()).isEqualTo(1);
        assertThat(r.slots()).containsOnlyKeys("guests");
        assertThat(r.messages()).hasSize(2);
        add(m -> new UserMessage(m, "make it french"), 2);
        add(m -> new SlotSet(m, "cuisine", TextNode.valueOf("french"), 0.85, ValueSource.RULE), 2);
        ConversationState after = ConversationState.fold("c1", log);
        assertThat(after.turn()).isEqualTo(2);
        assertThat(after.slots()).containsOnlyKeys("guests", "cuisine");
        assertThat(after.slot("cuisine").value().asText()).isEqualTo("french");
        assertThat(after.lastSeq()).isEqualTo(13);
        assertThat(ConversationState.fold("c1", log, 2).messages()).extracting(Message::content)
                .containsExactly("book a table for 4 people", "For when?", "make it french");
    }

    @Test
    void every_event_survives_the_store_codec_unchanged() {
        script();
        add(m -> new ConversationEvent.ToolCall(m, "call_1", "lookup", "{\"q\":1}"), 3);
        add(m -> new ConversationEvent.ToolResult(m, "call_1", "ok"), 3);
        add(m -> new ConversationEvent.SummaryWritten(m, "they booked", 2), 3);
        add(m -> new Rewound(m, 2), 2);
        for (ConversationEvent e : log) {
            assertThat(EventCodec.decode(e.meta(), e.type(), EventCodec.payload(e))).isEqualTo(e);
        }
    }
}
