package r1j.dialogue;

import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.tools.ReplyListener;

/**
 * Callbacks while a message is answered (a server turns them into SSE events): the state changes, and the reply's
 * deltas and tool steps ({@link ReplyListener}). All optional.
 */
public interface TurnListener extends ReplyListener {
    TurnListener NONE = new TurnListener() {};

    /** A state change (intent, slot, summary), once it is stored. */
    default void onStateChange(ConversationEvent event) {}
}
