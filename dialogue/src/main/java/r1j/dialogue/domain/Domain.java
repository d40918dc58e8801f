package r1j.dialogue.domain;

import java.util.List;
import java.util.Optional;

/**
 * What a conversation tracks: the intents to recognise and the slots to fill. {@link #EMPTY} tracks nothing
 * (memory only). Read one with {@link DomainLoader}; {@link #source()} is the JSON tree it was read from, which
 * the store keeps so a conversation can be reloaded exactly.
 */
public record Domain(String name, List<IntentSpec> intents, List<SlotSpec> slots, com.fasterxml.jackson.databind.JsonNode source) {
    public static final Domain EMPTY = new Domain("none", List.of(), List.of(),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());

    public Domain {
        intents = List.copyOf(intents);
        slots = List.copyOf(slots);
    }

    public boolean isEmpty() {
        return intents.isEmpty() && slots.isEmpty();
    }

    public Optional<SlotSpec> slot(String name) {
        return slots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<IntentSpec> intent(String name) {
        return intents.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
