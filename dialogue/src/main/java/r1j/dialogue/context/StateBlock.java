package r1j.dialogue.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.SlotSpec;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.SlotValue;

/**
 * The tracked state as a compact text block for the prompt, so the model keeps it even when the turns that
 * established it are gone from the window:
 *
 * <pre>
 * [conversation state]
 * intent: book_table
 * slots: guests=4, date=2025-03-01, cuisine=? (required)
 * summary: the user wants a quiet table ...
 * [/conversation state]
 * </pre>
 */
public final class StateBlock {
    public static final String OPEN = "[conversation state]";
    public static final String CLOSE = "[/conversation state]";

    private StateBlock() {}

    /** Empty when there is nothing to say (no domain, nothing tracked, no summary). */
    public static String render(Domain domain, ConversationState state) {
        List<String> lines = new ArrayList<>();
        if (!domain.intents().isEmpty()) lines.add("intent: " + (state.intent() == null ? "?" : state.intent().name()));
        List<String> slots = new ArrayList<>();
        for (SlotSpec spec : domain.slots()) {
            SlotValue v = state.slots().get(spec.name());
            if (v != null) {
                slots.add(spec.name() + "=" + (v.value().isTextual() ? v.value().asText() : v.value().toString()));
            } else if (spec.required() && spec.usedBy(state.intent() == null ? null : state.intent().name())) {
                slots.add(spec.name() + "=? (required)");
            }
        }
        for (Map.Entry<String, SlotValue> e : state.slots().entrySet()) {
            if (domain.slot(e.getKey()).isEmpty()) slots.add(e.getKey() + "=" + e.getValue().value());
        }
        if (!slots.isEmpty()) lines.add("slots: " + String.join(", ", slots));
        if (state.summary() != null && !state.summary().text().isBlank()) lines.add("summary: " + state.summary().text().strip());
        if (lines.isEmpty()) return "";
        return OPEN + "\n" + String.join("\n", lines) + "\n" + CLOSE;
    }
}
