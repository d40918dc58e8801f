package r1j.dialogue.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import r1j.dialogue.events.ValueSource;

/** What one tracker (rules or model) reads from a user turn, before merging with the state. */
public record Proposal(IntentGuess intent, List<SlotGuess> slots) {
    public static final Proposal NONE = new Proposal(null, List.of());

    public Proposal {
        slots = List.copyOf(slots);
    }

    /** @param name null = no intent recognised */
    public record IntentGuess(String name, double confidence, ValueSource source) {}

    public record SlotGuess(String name, JsonNode value, double confidence, ValueSource source) {}
}
