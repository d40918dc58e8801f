package r1j.engine.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of the fields of one Hugging Face JSON file, each failure naming the file and the key.
 * {@code null} (absent or JSON null) is "not given"; a value of the wrong type is an error, not a default.
 */
final class HfJsonFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private HfJsonFields(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static HfJsonFields read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new HfCheckpointException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new HfCheckpointException(file, "not a JSON object");
        return new HfJsonFields(file, root);
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    JsonNode node(String key) {
        JsonNode value = root.get(key);
        return value == null || value.isNull() ? null : value;
    }

    int requiredInt(String key) throws HfCheckpointException {
        Integer value = optionalInt(key);
        if (value == null) throw new HfCheckpointException(file, "required field \"" + key + "\" is missing");
        return value;
    }

    Integer optionalInt(String key) throws HfCheckpointException {
        JsonNode value = node(key);
        if (value == null) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt()) throw wrongType(key, "an integer", value);
        return value.intValue();
    }

    Double optionalDouble(String key) throws HfCheckpointException {
        JsonNode value = node(key);
        if (value == null) return null;
        if (!value.isNumber()) throw wrongType(key, "a number", value);
        return value.doubleValue();
    }

    Boolean optionalBoolean(String key) throws HfCheckpointException {
        JsonNode value = node(key);
        if (value == null) return null;
        if (!value.isBoolean()) throw wrongType(key, "true or false", value);
        return value.booleanValue();
    }

    String optionalString(String key) throws HfCheckpointException {
        JsonNode value = node(key);
        if (value == null) return null;
        if (!value.isTextual()) throw wrongType(key, "a string", value);
        return value.textValue();
    }

    List<String> stringList(String key) throws HfCheckpointException {
        JsonNode value = node(key);
        if (value == null) return List.of();
        if (!value.isArray()) throw wrongType(key, "a list of strings", value);
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) throw wrongType(key, "a list of strings", value);
            result.add(item.textValue());
        }
        return List.copyOf(result);
    }

    /** Token ids that HF writes either as one integer or as a list ({@code eos_token_id}). */
    List<Integer> intOrIntList(String key) throws HfCheckpointException {
        JsonNode value = node(key);
        if (value == null) return List.of();
        if (value.isIntegralNumber() && value.canConvertToInt()) return List.of(value.intValue());
        if (!value.isArray()) throw wrongType(key, "an integer or a list of integers", value);
        List<Integer> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw wrongType(key, "an integer or a list of integers", value);
            }
            result.add(item.intValue());
        }
        return List.copyOf(result);
    }

    private HfCheckpointException wrongType(String key, String expected, JsonNode value) {
        return new HfCheckpointException(file, "\"" + key + "\" must be " + expected + ", got " + value);
    }
}
