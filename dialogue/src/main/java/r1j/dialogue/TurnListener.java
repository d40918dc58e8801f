package r1j.dialogue;

import r1j.dialogue.events.ConversationEvent;

/** Callbacks while a message is answered (a server turns them into SSE events). All optional. */
public interface TurnListener {
    TurnListener NONE = new TurnListener() {};

    /** A state change (intent, slot, summary), once it is stored. */
    default void onStateChange(ConversationEvent event) {}

    default void onReasoning(String delta) {}

    default void onContent(String delta) {}

    /** Polled during generation: true stops it (the client went away); the reply is stored as incomplete. */
    default boolean isCancelled() {
        return false;
    }
}
