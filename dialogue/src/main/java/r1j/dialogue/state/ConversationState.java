package r1j.dialogue.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.dialogue.events.ConversationEvent.AssistantMessage;
import r1j.dialogue.events.ConversationEvent.IntentDetected;
import r1j.dialogue.events.ConversationEvent.Rewound;
import r1j.dialogue.events.ConversationEvent.SlotReset;
import r1j.dialogue.events.ConversationEvent.SlotSet;
import r1j.dialogue.events.ConversationEvent.SummaryWritten;
import r1j.dialogue.events.ConversationEvent.ToolCall;
import r1j.dialogue.events.ConversationEvent.ToolResult;
import r1j.dialogue.events.ConversationEvent.UserMessage;
import r1j.dialogue.events.ConversationEvent;

/**
 * A conversation as its events make it: the visible history, the intent, the slots and the summary. Always
 * rebuilt by {@link #fold}, never edited, so any past state is just a fold over fewer events.
 *
 * @param turn    the last user turn of the current timeline (0 before the first message)
 * @param lastSeq the sequence number of the last event in the log (including rewound ones): the next is lastSeq+1
 * @param intent  null when none is recognised
 * @param summary null when nothing is summarised
 */
public record ConversationState(String conversationId, int turn, long lastSeq, List<Message> messages,
        IntentValue intent, Map<String, SlotValue> slots, Summary summary) {

    public ConversationState {
        messages = List.copyOf(messages);
        slots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }

    /** The state after all {@code events} (in seq order). */
    public static ConversationState fold(String conversationId, List<ConversationEvent> events) {
        return fold(conversationId, events, Integer.MAX_VALUE);
    }

    /**
     * The state at the end of user turn {@code atTurn} of the current timeline: rewinds are applied first (they
     * decide what the timeline is), then only events up to that turn count.
     */
    public static ConversationState fold(String conversationId, List<ConversationEvent> events, int atTurn) {
        List<ConversationEvent> timeline = timeline(events);
        long lastSeq = events.isEmpty() ? 0 : events.getLast().meta().seq();
        List<Message> messages = new ArrayList<>();
        Map<String, SlotValue> slots = new LinkedHashMap<>();
        IntentValue intent = null;
        Summary summary = null;
        int turn = 0;
        for (ConversationEvent e : timeline) {
            int t = e.meta().turn();
            if (t > atTurn) continue;
            turn = Math.max(turn, t);
            long seq = e.meta().seq();
            switch (e) {
                case UserMessage m -> messages.add(new Message(Message.Role.USER, m.content(), "", null, null, true, t, seq));
                case AssistantMessage m -> messages.add(new Message(Message.Role.ASSISTANT, m.content(),
                        m.reasoning() == null ? "" : m.reasoning(), null, null, m.complete(), t, seq,
                        m.finishReason(), m.stats(), null, null));
                case ToolCall m -> messages.add(new Message(Message.Role.TOOL_CALL, m.arguments(), "", m.callId(), m.name(), true, t, seq));
                case ToolResult m -> messages.add(new Message(Message.Role.TOOL_RESULT, m.content(), "", m.callId(), m.name(),
                        true, t, seq, null, null, m.error(), m.durationMs()));
                case IntentDetected m -> intent = m.name() == null ? null : new IntentValue(m.name(), m.confidence(), m.source(), t);
                case SlotSet m -> slots.put(m.name(), new SlotValue(m.value(), m.confidence(), m.source(), t));
                case SlotReset m -> slots.remove(m.name());
                case SummaryWritten m -> summary = new Summary(m.text(), m.throughTurn());
                case Rewound m -> { /* already applied by timeline() */ }
            }
        }
        return new ConversationState(conversationId, turn, lastSeq, messages, intent, slots, summary);
    }

    /** The events still in the timeline: each rewind drops the earlier events of turns after its target. */
    static List<ConversationEvent> timeline(List<ConversationEvent> events) {
        List<ConversationEvent> kept = new ArrayList<>();
        for (ConversationEvent e : events) {
            if (e instanceof Rewound r) {
                kept.removeIf(k -> k.meta().turn() > r.toTurn());
            } else {
                kept.add(e);
            }
        }
        return kept;
    }

    public SlotValue slot(String name) {
        return slots.get(name);
    }

    /** The text of the user message that opened {@code turn}, or null. */
    public String userText(int t) {
        return messages.stream().filter(m -> m.role() == Message.Role.USER && m.turn() == t)
                .map(Message::content).findFirst().orElse(null);
    }
}
