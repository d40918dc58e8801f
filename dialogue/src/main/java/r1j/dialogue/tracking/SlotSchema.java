package r1j.dialogue.tracking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.IntentSpec;
import r1j.dialogue.domain.SlotSpec;

/**
 * The JSON schema the model fills for a domain: {@code intent} (one of the intents or null) and one nullable
 * property per slot, all required so the model states every one (null = not said). Dates are strings checked
 * after decoding; lists are arrays of strings (of the listed values, when the slot has values).
 */
public final class SlotSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SlotSchema() {}

    public static ObjectNode of(Domain domain) {
        ObjectNode schema = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        if (!domain.intents().isEmpty()) {
            ArrayNode names = props.putObject("intent").putArray("enum");
            for (IntentSpec i : domain.intents()) names.add(i.name());
            names.addNull();
            required.add("intent");
        }
        for (SlotSpec slot : domain.slots()) {
            ObjectNode p = props.putObject(slot.name());
            switch (slot.type()) {
                case TEXT, DATE -> p.putArray("type").add("string").add("null");
                case NUMBER -> p.putArray("type").add("number").add("null");
                case BOOLEAN -> p.putArray("type").add("boolean").add("null");
                case ENUM -> {
                    ArrayNode values = p.putArray("enum");
                    slot.values().forEach(values::add);
                    values.addNull();
                }
                case LIST -> {
                    p.putArray("type").add("array").add("null");
                    ObjectNode items = p.putObject("items");
                    if (slot.values().isEmpty()) {
                        items.put("type", "string");
                    } else {
                        ArrayNode values = items.putArray("enum");
                        slot.values().forEach(values::add);
                    }
                    p.put("maxItems", 8);
                }
            }
            required.add(slot.name());
        }
        schema.set("required", required);
        return schema;
    }
}
