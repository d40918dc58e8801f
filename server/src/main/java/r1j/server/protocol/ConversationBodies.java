package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1/conversations} response bodies, in the API's one convention (snake_case through {@code Json},
 * lower-case enum values as OpenAI writes them: {@code "role": "user"}, {@code "source": "rule"},
 * {@code "type": "user_message"}).
 */
public final class ConversationBodies {
    private ConversationBodies() {}

    /** A conversation; {@code state} only when one conversation is read. */
    public record Conversation(String id, String object, long createdAt, Map<String, String> metadata,
            JsonNode domain, @JsonInclude(JsonInclude.Include.NON_NULL) State state) {
        public Conversation(String id, long createdAt, Map<String, String> metadata, JsonNode domain, State state) {
            this(id, "conversation", createdAt, metadata, domain, state);
        }
    }

    public record ConversationList(String object, List<Conversation> data, int offset, int limit, boolean hasMore) {
        public ConversationList(List<Conversation> data, int offset, int limit, boolean hasMore) {
            this("list", data, offset, limit, hasMore);
        }
    }

    public record Deleted(String id, String object, boolean deleted) {
        public Deleted(String id) {
            this(id, "conversation.deleted", true);
        }
    }

    /** The fold of the events: what was said, the intent, the slots and the running summary. */
    public record State(String conversationId, int turn, long lastSeq, List<Message> messages, Intent intent,
            Map<String, Slot> slots, Summary summary) {}

    /**
     * @param role         {@code user}, {@code assistant}, {@code tool_call} or {@code tool_result}
     * @param finishReason an assistant reply's: {@code stop}, {@code length}, {@code cancelled} or {@code error}
     * @param stats        an assistant reply's numbers; null for other roles and replies stored without them
     * @param error        tool_result only: the error alone when the call failed
     * @param durationMs   tool_result only: how long the call took
     */
    public record Message(String role, String content, String reasoning, String toolCallId, String toolName,
            boolean complete, int turn, long seq, String finishReason, ReplyStats stats,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs) {}

    /**
     * How an assistant reply was made, as stored with it.
     *
     * @param preset      {@code creative}, {@code reasoning} or {@code default}; null when the request set the temperature
     * @param thinkingMs  time until the first answer token (all of it when the reply never left its thinking); null
     *                    without thinking
     */
    public record ReplyStats(String preset, Long thinkingMs, long durationMs, int promptTokens, int reasoningTokens,
            int answerTokens, double tokensPerS) {}

    /** @param source {@code rule}, {@code model} or {@code client} */
    public record Intent(String name, double confidence, String source, int turn) {}

    public record Slot(JsonNode value, double confidence, String source, int turn) {}

    public record Summary(String text, int throughTurn) {}

    /**
     * One event of the log, flat: its {@code type} ({@code user_message}, {@code assistant_message}, {@code tool_call},
     * {@code tool_result}, {@code intent_detected}, {@code slot_set}, {@code slot_reset}, {@code summary_written},
     * {@code rewound}), where it sits ({@code seq}, {@code turn}, {@code at}), and the fields of its type.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String type, long seq, int turn, String at, String content, String reasoning, Boolean complete,
            String finishReason, String toolCallId, String name, String arguments, JsonNode value, Double confidence,
            String source, String text, Integer throughTurn, Integer toTurn, ReplyStats stats, String error,
            Long durationMs) {
        /** An event of a type without numbers, error or duration (all but assistant_message and tool_result). */
        public Event(String type, long seq, int turn, String at, String content, String reasoning, Boolean complete,
                String finishReason, String toolCallId, String name, String arguments, JsonNode value,
                Double confidence, String source, String text, Integer throughTurn, Integer toTurn) {
            this(type, seq, turn, at, content, reasoning, complete, finishReason, toolCallId, name, arguments, value,
                    confidence, source, text, throughTurn, toTurn, null, null, null);
        }
    }

    public record EventList(String object, List<Event> data) {
        public EventList(List<Event> data) {
            this("list", data);
        }
    }

    /**
     * One answered message. {@code usage} and {@code finish_reason} are null when nothing was generated; with tools,
     * they are the last reply's, and {@code tool_steps} holds each call and result in order.
     */
    public record Turn(String object, String conversation, int turn, Event reply, List<Event> stateChanges,
            State state, Usage usage, String finishReason, double trackingMs, List<Event> toolSteps) {
        public Turn(String conversation, int turn, Event reply, List<Event> stateChanges, State state, Usage usage,
                String finishReason, double trackingMs, List<Event> toolSteps) {
            this("conversation.turn", conversation, turn, reply, stateChanges, state, usage, finishReason, trackingMs,
                    toolSteps);
        }
    }

    /** Stream event: a state change as the tracker stored it. */
    public record StateChange(String object, String conversation, Event event) {
        public StateChange(String conversation, Event event) {
            this("conversation.state_change", conversation, event);
        }
    }

    /** Stream event: new reasoning or answer text (one of the two). */
    public record MessageDelta(String object, String conversation, Delta delta) {
        public MessageDelta(String conversation, Delta delta) {
            this("conversation.message.delta", conversation, delta);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String reasoningContent, String content) {}
}
