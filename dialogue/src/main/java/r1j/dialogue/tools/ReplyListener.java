package r1j.dialogue.tools;

import r1j.dialogue.events.ConversationEvent;

/**
 * Hears a reply as it is made: thinking and answer deltas, and, in the tool loop, each step once it is stored.
 * Polled for cancellation. All optional. {@code r1j.dialogue.TurnListener} adds the conversation's state changes.
 */
public interface ReplyListener {
    default void onReasoning(String delta) {}

    /** Answer text; call markup is held back (the calls arrive through {@link #onToolCall}). */
    default void onContent(String delta) {}

    /**
     * Tool loop only: a model turn that called tools ended and is stored; its calls follow. Later reasoning and
     * content deltas belong to the next model turn.
     */
    default void onAssistantStep(ConversationEvent.AssistantMessage step) {}

    /** Tool loop only: a call the model made, once stored (it runs next). */
    default void onToolCall(ConversationEvent.ToolCall call) {}

    /** Tool loop only: a call's result (or error), once stored. */
    default void onToolResult(ConversationEvent.ToolResult result) {}

    /** Polled during generation and between tool calls: true stops it; what was made is stored as incomplete. */
    default boolean isCancelled() {
        return false;
    }
}
