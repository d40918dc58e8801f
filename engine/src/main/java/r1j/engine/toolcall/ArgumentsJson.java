package r1j.engine.toolcall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Strict JSON reading for call bodies: one value, nothing after it. */
final class ArgumentsJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ArgumentsJson() {}

    /** The value {@code text} holds, or null when it is not exactly one JSON value. */
    static JsonNode parse(String text) {
        if (text.isBlank()) return null;
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code text} trimmed when it is one JSON object (the arguments as the model wrote them), else null. */
    static String objectText(String text) {
        JsonNode node = parse(text);
        return node != null && node.isObject() ? text.strip() : null;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a parsed JSON node", e);
        }
    }
}
