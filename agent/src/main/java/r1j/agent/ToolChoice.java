package r1j.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's {@code tool_choice} for one model turn: {@code auto} (call tools or answer), {@code none} (tools are not
 * offered), {@code required} (call at least one), or a named function (call that one). In the loop, a required or
 * named choice binds the first turn only; later turns are {@code auto}, so a forced call cannot repeat forever (the
 * OpenAI Agents SDK resets it the same way).
 */
public sealed interface ToolChoice {
    ToolChoice AUTO = new Auto();
    ToolChoice NONE = new None();
    ToolChoice REQUIRED = new Required();

    record Auto() implements ToolChoice {}

    record None() implements ToolChoice {}

    record Required() implements ToolChoice {}

    record Named(String function) implements ToolChoice {}

    /** Whether this turn must produce a call (the model turn may enforce it by constrained decoding). */
    default boolean mustCall() {
        return this instanceof Required || this instanceof Named;
    }

    /**
     * Reads the request field: {@code "auto"}, {@code "none"}, {@code "required"} or
     * {@code {"type": "function", "function": {"name": ...}}}; absent means {@code auto}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static ToolChoice fromJson(JsonNode value) {
        if (value == null || value.isNull()) return AUTO;
        if (value.isTextual()) {
            return switch (value.asText()) {
                case "auto" -> AUTO;
                case "none" -> NONE;
                case "required" -> REQUIRED;
                default -> throw invalid();
            };
        }
        JsonNode name = value.path("function").path("name");
        if (!value.isObject() || !"function".equals(value.path("type").asText()) || !name.isTextual()
                || name.asText().isBlank()) {
            throw invalid();
        }
        return new Named(name.asText());
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("tool_choice must be \"auto\", \"none\", \"required\" or"
                + " {\"type\": \"function\", \"function\": {\"name\": ...}}");
    }
}
