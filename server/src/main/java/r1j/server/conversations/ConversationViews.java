package r1j.server.conversations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import r1j.dialogue.TurnResult;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.ReplyStats;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.Message;
import r1j.dialogue.state.SlotValue;
import r1j.dialogue.store.ConversationRecord;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.protocol.ConversationBodies;
import r1j.server.protocol.Usage;

/** The dialogue layer's records as {@code /v1/conversations} bodies: the one place their JSON shape is decided. */
public final class ConversationViews {
    private ConversationViews() {}

    public static ConversationBodies.Conversation conversation(ConversationRecord c, ConversationState state) {
        return new ConversationBodies.Conversation(c.id(), c.createdAt().getEpochSecond(), c.metadata(), c.domain(),
                state == null ? null : state(state));
    }

    public static ConversationBodies.State state(ConversationState s) {
        Map<String, ConversationBodies.Slot> slots = new LinkedHashMap<>();
        for (Map.Entry<String, SlotValue> e : s.slots().entrySet()) {
            SlotValue v = e.getValue();
            slots.put(e.getKey(), new ConversationBodies.Slot(v.value(), v.confidence(), name(v.source()), v.turn()));
        }
        return new ConversationBodies.State(s.conversationId(), s.turn(), s.lastSeq(),
                s.messages().stream().map(ConversationViews::message).toList(),
                s.intent() == null ? null : new ConversationBodies.Intent(s.intent().name(), s.intent().confidence(),
                        name(s.intent().source()), s.intent().turn()),
                slots,
                s.summary() == null ? null : new ConversationBodies.Summary(s.summary().text(), s.summary().throughTurn()));
    }

    static ConversationBodies.Message message(Message m) {
        return new ConversationBodies.Message(name(m.role()), m.content(), m.reasoning(), m.toolCallId(), m.toolName(),
                m.complete(), m.turn(), m.seq(), m.finishReason(), stats(m.stats()),
                m.error(), m.durationMs());
    }

    static ConversationBodies.ReplyStats stats(ReplyStats s) {
        return s == null ? null : new ConversationBodies.ReplyStats(s.preset(), s.thinkingMs(), s.durationMs(),
                s.promptTokens(), s.reasoningTokens(), s.answerTokens(), s.tokensPerS());
    }

    public static ConversationBodies.Event event(ConversationEvent e) {
        var meta = e.meta();
        String at = meta.at().toString();
        return switch (e) {
            case ConversationEvent.UserMessage m -> new ConversationBodies.Event("user_message", meta.seq(), meta.turn(),
                    at, m.content(), null, null, null, null, null, null, null, null, null, null, null, null);
            case ConversationEvent.AssistantMessage m -> new ConversationBodies.Event("assistant_message", meta.seq(),
                    meta.turn(), at, m.content(), m.reasoning(), m.complete(), m.finishReason(), null, null, null, null,
                    null, null, null, null, null, stats(m.stats()), null, null);
            case ConversationEvent.ToolCall c -> new ConversationBodies.Event("tool_call", meta.seq(), meta.turn(), at,
                    null, null, null, null, c.callId(), c.name(), c.arguments(), null, null, null, null, null, null);
            case ConversationEvent.ToolResult r -> new ConversationBodies.Event("tool_result", meta.seq(), meta.turn(),
                    at, r.content(), null, null, null, r.callId(), r.name(), null, null, null, null, null, null, null,
                    null, r.error(), r.durationMs());
            case ConversationEvent.IntentDetected i -> new ConversationBodies.Event("intent_detected", meta.seq(),
                    meta.turn(), at, null, null, null, null, null, i.name(), null, null, i.confidence(),
                    name(i.source()), null, null, null);
            case ConversationEvent.SlotSet s -> new ConversationBodies.Event("slot_set", meta.seq(), meta.turn(), at,
                    null, null, null, null, null, s.name(), null, s.value(), s.confidence(), name(s.source()), null,
                    null, null);
            case ConversationEvent.SlotReset s -> new ConversationBodies.Event("slot_reset", meta.seq(), meta.turn(),
                    at, null, null, null, null, null, s.name(), null, null, null, name(s.source()), null, null, null);
            case ConversationEvent.SummaryWritten s -> new ConversationBodies.Event("summary_written", meta.seq(),
                    meta.turn(), at, null, null, null, null, null, null, null, null, null, null, s.text(),
                    s.throughTurn(), null);
            case ConversationEvent.Rewound r -> new ConversationBodies.Event("rewound", meta.seq(), meta.turn(), at,
                    null, null, null, null, null, null, null, null, null, null, null, null, r.toTurn());
        };
    }

    public static List<ConversationBodies.Event> events(List<? extends ConversationEvent> events) {
        return events.stream().map(ConversationViews::event).toList();
    }

    public static ConversationBodies.Turn turn(String id, TurnResult r, BpeTokenizer tokenizer) {
        return new ConversationBodies.Turn(id, r.turn(), r.reply() == null ? null : event(r.reply()),
                events(r.stateChanges()), state(r.state()), usage(r, tokenizer),
                r.generation() == null || r.reply() == null ? null : r.reply().finishReason(), r.trackingMillis(),
                events(r.toolSteps()));
    }

    /** Token counts of a turn's reply, its reasoning counted by re-encoding the stored thinking; null when none. */
    public static Usage usage(TurnResult r, BpeTokenizer tokenizer) {
        if (r.generation() == null) return null;
        String reasoning = r.reply() == null || r.reply().reasoning() == null ? "" : r.reply().reasoning();
        int generated = r.generation().tokens().length;
        int reasoningTokens = reasoning.isEmpty() ? 0 : tokenizer.encode(reasoning, false).length;
        return Usage.of(r.generation().promptTokens(), generated, Math.min(reasoningTokens, generated));
    }

    /** An enum value as the API writes it: lower-case snake_case. */
    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
