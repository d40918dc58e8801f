package r1j.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A function as the model is told about it (OpenAI's {@code function} object).
 *
 * @param name        what the model writes to call it: 1 to 64 letters, digits, '_', '.' or '-'
 * @param description what it does, for the model; may be empty
 * @param parameters  the JSON schema of its arguments, an object schema
 */
public record ToolFunction(String name, String description, ObjectNode parameters) {
    /** The names OpenAI accepts for functions (and the server's request validation). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ToolFunction {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a function name must be 1 to 64 letters, digits, '_', '.' or '-', got "
                    + name);
        }
        description = description == null ? "" : description;
        parameters = parameters == null ? MAPPER.createObjectNode() : parameters.deepCopy();
    }

    /** The OpenAI tool shape ({@code {"type": "function", "function": {...}}}) that chat templates read. */
    public Map<String, Object> asTemplateTool() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        if (!description.isEmpty()) function.put("description", description);
        function.put("parameters", MAPPER.convertValue(parameters, Object.class));
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }

    /** The argument names the schema lists under {@code required}. */
    public List<String> requiredArguments() {
        JsonNode required = parameters.get("required");
        if (required == null || !required.isArray()) return List.of();
        List<String> names = new ArrayList<>();
        required.forEach(n -> {
            if (n.isTextual()) names.add(n.asText());
        });
        return names;
    }
}
