package r1j.dialogue.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a conversation's append-only log. The current state is a fold over these
 * ({@link r1j.dialogue.ConversationState#fold}); nothing is ever updated in place.
 */
public sealed interface ConversationEvent {
    EventMeta meta();

    /** The store's name for the event type (the record's simple name). */
    default String type() {
        return getClass().getSimpleName();
    }

    record UserMessage(EventMeta meta, String content) implements ConversationEvent {}

    /**
     * @param reasoning the model's thinking, kept for the record but never sent back in a prompt
     * @param complete  false when generation was cut short (cancelled, failed): the text is what was streamed
     * @param stats     its timings and token counts; null in logs written before they were kept
     */
    record AssistantMessage(EventMeta meta, String content, String reasoning, boolean complete, String finishReason,
            ReplyStats stats) implements ConversationEvent {
        /** A reply without numbers (replayed or written by hand, as in tests). */
        public AssistantMessage(EventMeta meta, String content, String reasoning, boolean complete, String finishReason) {
            this(meta, content, reasoning, complete, finishReason, null);
        }
    }

    /** @param arguments the call's arguments as JSON text, as the model wrote them */
    record ToolCall(EventMeta meta, String callId, String name, String arguments) implements ConversationEvent {}

    /**
     * @param name       the called function (null in logs written before it was recorded)
     * @param content    what the model read back: the tool's output, or {@code "error: "} and the error
     * @param error      the error alone, or null when the call succeeded
     * @param durationMs from the call's start to its result (or to giving up)
     */
    record ToolResult(EventMeta meta, String callId, String name, String content, String error, long durationMs)
            implements ConversationEvent {
        public ToolResult(EventMeta meta, String callId, String content) {
            this(meta, callId, null, content, null, 0);
        }
    }

    /** @param name the intent's name, or null for "no intent recognised" */
    record IntentDetected(EventMeta meta, String name, double confidence, ValueSource source) implements ConversationEvent {}

    record SlotSet(EventMeta meta, String name, JsonNode value, double confidence, ValueSource source)
            implements ConversationEvent {}

    record SlotReset(EventMeta meta, String name, ValueSource source) implements ConversationEvent {}

    /** @param throughTurn the summary replaces turns 1..throughTurn in prompts */
    record SummaryWritten(EventMeta meta, String text, int throughTurn) implements ConversationEvent {}

    /** Everything after {@code toTurn} leaves the timeline (it stays in the log); 0 = back to the start. */
    record Rewound(EventMeta meta, int toTurn) implements ConversationEvent {}
}
