package r1j.dialogue.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and checks a domain file (YAML, or JSON, which is YAML too):
 *
 * <pre>
 * name: restaurant
 * intents:
 *   - name: book_table
 *     description: reserve a table
 *     examples: ["book a table for two", "I need a reservation"]
 * slots:
 *   - name: guests
 *     type: number            # text | number | enum | boolean | date | list
 *     required: true
 *     intents: [book_table]   # omitted = all intents
 *     synonyms: [people, persons]
 *   - name: cuisine
 *     type: enum
 *     values: [italian, thai]
 * </pre>
 *
 * Every problem is a {@link DomainException} naming the file, the path ({@code slots[1].type}) and what is wrong.
 */
public final class DomainLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DomainLoader() {}

    public static Domain load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DomainException(file + ": cannot read the domain file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** @param origin what to call the text in messages (a file name, "request body") */
    public static Domain parse(String text, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DomainException(origin + ": not valid YAML/JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        }
        return fromTree(root, origin);
    }

    public static Domain fromTree(JsonNode root, String origin) {
        if (root == null || root.isNull() || root.isMissingNode()) throw new DomainException(origin + ": the domain is empty");
        if (!root.isObject()) throw new DomainException(origin + ": the domain must be a mapping with intents and slots");
        checkKeys(root, origin, "$", Set.of("name", "intents", "slots", "version", "description"));
        String name = root.path("name").asText("domain");
        List<IntentSpec> intents = new ArrayList<>();
        Set<String> intentNames = new HashSet<>();
        JsonNode in = list(root, "intents", origin, "$");
        for (int i = 0; i < in.size(); i++) {
            String path = "intents[" + i + "]";
            JsonNode n = in.get(i);
            if (!n.isObject()) throw new DomainException(origin + ": " + path + ": must be a mapping with a name");
            checkKeys(n, origin, path, Set.of("name", "description", "examples"));
            String intent = name(n, origin, path);
            if (!intentNames.add(intent)) throw new DomainException(origin + ": " + path + ".name: duplicate intent '" + intent + "'");
            intents.add(new IntentSpec(intent, n.path("description").asText(""), strings(n, "examples", origin, path)));
        }
        List<SlotSpec> slots = new ArrayList<>();
        Set<String> slotNames = new HashSet<>();
        JsonNode sl = list(root, "slots", origin, "$");
        for (int i = 0; i < sl.size(); i++) {
            String path = "slots[" + i + "]";
            JsonNode n = sl.get(i);
            if (!n.isObject()) throw new DomainException(origin + ": " + path + ": must be a mapping with a name and a type");
            checkKeys(n, origin, path, Set.of("name", "type", "description", "values", "required", "intents", "pattern", "synonyms"));
            String slot = name(n, origin, path);
            if (!slotNames.add(slot)) throw new DomainException(origin + ": " + path + ".name: duplicate slot '" + slot + "'");
            if (slot.equals("intent")) throw new DomainException(origin + ": " + path + ".name: 'intent' is reserved");
            SlotType type = type(n, origin, path);
            List<String> values = strings(n, "values", origin, path);
            if (type == SlotType.ENUM && values.isEmpty()) {
                throw new DomainException(origin + ": " + path + ".values: an enum slot needs a non-empty list of values");
            }
            if (!values.isEmpty() && type != SlotType.ENUM && type != SlotType.LIST) {
                throw new DomainException(origin + ": " + path + ".values: only enum and list slots take values (type is "
                        + type.yamlName() + ")");
            }
            JsonNode required = n.path("required");
            if (!required.isMissingNode() && !required.isBoolean()) {
                throw new DomainException(origin + ": " + path + ".required: must be true or false, got " + required);
            }
            List<String> usedBy = strings(n, "intents", origin, path);
            for (String u : usedBy) {
                if (!intentNames.contains(u)) {
                    throw new DomainException(origin + ": " + path + ".intents: unknown intent '" + u + "' (declared: "
                            + intentNames + ")");
                }
            }
            Optional<Pattern> pattern = Optional.empty();
            if (n.hasNonNull("pattern")) pattern = Optional.of(slotPattern(n.get("pattern").asText(), origin, path));
            slots.add(new SlotSpec(slot, type, n.path("description").asText(""), values, required.asBoolean(false),
                    usedBy, pattern, strings(n, "synonyms", origin, path)));
        }
        return new Domain(name, intents, slots, root);
    }

    /**
     * A slot's regex, compiled by RE2/J: patterns arrive with clients' domains, and a backtracking engine would let
     * one pattern such as {@code (.*a){12}$} run for minutes on a short message. RE2 syntax has no backreferences
     * or lookaround; such a pattern is refused here, when the domain is loaded.
     */
    private static Pattern slotPattern(String regex, String origin, String path) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new DomainException(origin + ": " + path + ".pattern: not a valid RE2 regex (no backreferences or"
                    + " lookaround): " + e.getDescription() + " in " + regex, e);
        }
    }

    private static void checkKeys(JsonNode n, String origin, String path, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new DomainException(origin + ": " + path + ": unknown key '" + key + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static JsonNode list(JsonNode parent, String key, String origin, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return ObjectMapperHolder.EMPTY_ARRAY;
        if (!n.isArray()) throw new DomainException(origin + ": " + path + "." + key + ": must be a list, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        return n;
    }

    private static List<String> strings(JsonNode parent, String key, String origin, String path) {
        JsonNode n = list(parent, key, origin, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode v = n.get(i);
            if (!v.isValueNode() || v.isNull()) {
                throw new DomainException(origin + ": " + path + "." + key + "[" + i + "]: must be a string, got " + v);
            }
            out.add(v.asText());
        }
        return out;
    }

    private static String name(JsonNode n, String origin, String path) {
        JsonNode name = n.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new DomainException(origin + ": " + path + ".name: missing (every entry needs a name)");
        }
        if (!NAME.matcher(name.asText()).matches()) {
            throw new DomainException(origin + ": " + path + ".name: '" + name.asText()
                    + "' must be letters, digits and underscores, not starting with a digit");
        }
        return name.asText();
    }

    private static SlotType type(JsonNode n, String origin, String path) {
        JsonNode t = n.get("type");
        if (t == null || !t.isTextual()) {
            throw new DomainException(origin + ": " + path + ".type: missing (text, number, enum, boolean, date or list)");
        }
        try {
            return SlotType.valueOf(t.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(origin + ": " + path + ".type: unknown type '" + t.asText()
                    + "' (text, number, enum, boolean, date or list)");
        }
    }

    private static final class ObjectMapperHolder {
        static final JsonNode EMPTY_ARRAY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
}
