package r1j.dialogue.domain;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Optional;

/**
 * A slot the tracker fills.
 *
 * @param values   allowed values (enum) or known items (list); empty otherwise
 * @param intents  intents that use the slot; empty = every intent
 * @param pattern  optional regex whose first group (or whole match) is the value, tried before other rules; an
 *                 RE2 pattern, matched in time linear in the text whatever a client wrote
 * @param synonyms words that name the slot in user text ("people" for guests), used by number/boolean rules
 */
public record SlotSpec(String name, SlotType type, String description, List<String> values, boolean required,
        List<String> intents, Optional<Pattern> pattern, List<String> synonyms) {
    public SlotSpec {
        values = List.copyOf(values);
        intents = List.copyOf(intents);
        synonyms = List.copyOf(synonyms);
    }

    public boolean usedBy(String intent) {
        return intents.isEmpty() || (intent != null && intents.contains(intent));
    }
}
