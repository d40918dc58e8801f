package r1j.dialogue;

import r1j.dialogue.events.ConversationEvent;

/** Callbacks while a message is answered (a server turns them into SSE events). All optional. */
public interface TurnListener {
    TurnListener NONE = new TurnListener() {};

    /** A state change (intent, slot, summary), once it is stored. */
    default void onStateChange(ConversationEvent event) {}

    default void onReasoning(String delta) {}

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

    /** Polled during generation: true stops it (the client went away); the reply is stored as incomplete. */
    default boolean isCancelled() {
        return false;
    }
}
