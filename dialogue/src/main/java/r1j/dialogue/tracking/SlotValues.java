package r1j.dialogue.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import r1j.dialogue.domain.SlotSpec;

/** Checks and normalises a candidate slot value against its slot's type (so every store sees the same JSON). */
final class SlotValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SlotValues() {}

    /** The value in canonical form, or empty when it does not fit the slot. */
    static Optional<JsonNode> normalise(SlotSpec slot, JsonNode v) {
        if (v == null || v.isNull()) return Optional.empty();
        return switch (slot.type()) {
            case TEXT -> v.isTextual() && !v.asText().isBlank() ? Optional.of(NODES.textNode(v.asText().strip())) : Optional.empty();
            case NUMBER -> number(v.isNumber() ? v.decimalValue() : parse(v.asText()));
            case BOOLEAN -> v.isBoolean() ? Optional.of(v) : Optional.empty();
            case ENUM -> slot.values().stream().filter(x -> x.equalsIgnoreCase(v.asText())).findFirst().map(NODES::textNode);
            case DATE -> date(v.asText());
            case LIST -> {
                if (!v.isArray() || v.isEmpty()) yield Optional.empty();
                ArrayNode out = NODES.arrayNode();
                for (JsonNode item : v) {
                    String s = item.asText().strip();
                    if (s.isEmpty()) continue;
                    if (!slot.values().isEmpty()) {
                        s = slot.values().stream().filter(x -> x.equalsIgnoreCase(item.asText().strip())).findFirst().orElse(null);
                        if (s == null) continue;
                    }
                    out.add(s);
                }
                yield out.isEmpty() ? Optional.empty() : Optional.of(out);
            }
        };
    }

    private static BigDecimal parse(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Integers stay integers and fractions stay decimal, so 4 and 4.0 both store as 4. */
    private static Optional<JsonNode> number(BigDecimal d) {
        if (d == null) return Optional.empty();
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0 && s.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) return Optional.of(NODES.numberNode(s.longValueExact()));
        return Optional.of(NODES.numberNode(s.doubleValue()));
    }

    private static Optional<JsonNode> date(String s) {
        try {
            return Optional.of(NODES.textNode(LocalDate.parse(s.strip()).toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
