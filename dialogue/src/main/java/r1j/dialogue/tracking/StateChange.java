package r1j.dialogue.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventMeta;
import r1j.dialogue.events.ValueSource;

/** One change the tracker decided on; becomes an event once the service gives it its place in the log. */
public sealed interface StateChange {
    ConversationEvent toEvent(EventMeta meta);

    record IntentChanged(String name, double confidence, ValueSource source) implements StateChange {
        public ConversationEvent toEvent(EventMeta meta) {
            return new ConversationEvent.IntentDetected(meta, name, confidence, source);
        }
    }

    record SlotChanged(String name, JsonNode value, double confidence, ValueSource source) implements StateChange {
        public ConversationEvent toEvent(EventMeta meta) {
            return new ConversationEvent.SlotSet(meta, name, value, confidence, source);
        }
    }

    record SlotCleared(String name, ValueSource source) implements StateChange {
        public ConversationEvent toEvent(EventMeta meta) {
            return new ConversationEvent.SlotReset(meta, name, source);
        }
    }
}
