package r1j.dialogue.tools;

import java.util.function.Function;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventMeta;

/** Appends one event to the conversation's log at once (the next seq of the turn), so a reload shows it. */
@FunctionalInterface
public interface EventLog {
    /** @return the event as stored */
    ConversationEvent append(Function<EventMeta, ? extends ConversationEvent> event);
}
