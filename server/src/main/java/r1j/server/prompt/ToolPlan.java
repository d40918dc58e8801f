package r1j.server.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.server.http.ApiException;
import r1j.server.http.Json;

/**
 * A request's {@code tools} and {@code tool_choice}, checked: which functions the model may call and whether it
 * must. {@code tool_choice} defaults to {@code auto} with tools and {@code none} without (OpenAI's rule).
 *
 * @param functions the declared functions, in request order
 * @param choice    what the model may or must do
 * @param forced    the function a named {@code tool_choice} requires, else null
 */
public record ToolPlan(List<Function> functions, Choice choice, String forced) {
    public enum Choice { NONE, AUTO, REQUIRED, NAMED }

    /** @param parameters the JSON schema of the arguments ({@code {}} when the request gave none) */
    public record Function(String name, String description, JsonNode parameters) {
        /** The OpenAI shape, as chat templates expect it in their {@code tools} variable. */
        Map<String, Object> asTemplateTool() {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", name);
            if (description != null) function.put("description", description);
            function.put("parameters", Json.MAPPER.convertValue(parameters, Object.class));
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("type", "function");
            tool.put("function", function);
            return tool;
        }
    }

    public static final ToolPlan NONE = new ToolPlan(List.of(), Choice.NONE, null);

    /** Whether tools are rendered into the prompt and calls are parsed from the reply. */
    public boolean active() {
        return choice != Choice.NONE && !functions.isEmpty();
    }

    /** Whether the reply must call a function. */
    public boolean mustCall() {
        return choice == Choice.REQUIRED || choice == Choice.NAMED;
    }

    List<Map<String, Object>> templateTools() {
        return functions.stream().map(Function::asTemplateTool).toList();
    }

    public static ToolPlan of(List<JsonNode> tools, JsonNode toolChoice) {
        List<Function> functions = new ArrayList<>();
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) functions.add(function(tools.get(i), "tools[" + i + "]"));
        }
        for (int i = 0; i < functions.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (functions.get(i).name().equals(functions.get(j).name())) {
                    throw new ApiException.BadRequest("tools[" + i + "].function.name '" + functions.get(i).name()
                            + "' is declared twice", "tools");
                }
            }
        }
        if (toolChoice == null || toolChoice.isNull()) {
            return new ToolPlan(functions, functions.isEmpty() ? Choice.NONE : Choice.AUTO, null);
        }
        if (toolChoice.isTextual()) {
            Choice choice = switch (toolChoice.asText()) {
                case "none" -> Choice.NONE;
                case "auto" -> Choice.AUTO;
                case "required" -> Choice.REQUIRED;
                default -> throw new ApiException.BadRequest("tool_choice must be \"none\", \"auto\", \"required\" or"
                        + " {\"type\": \"function\", \"function\": {\"name\": ...}}, got \"" + toolChoice.asText() + "\"",
                        "tool_choice");
            };
            if (choice == Choice.REQUIRED && functions.isEmpty()) {
                throw new ApiException.BadRequest("tool_choice \"required\" needs at least one tool in tools",
                        "tool_choice");
            }
            return new ToolPlan(functions, choice, null);
        }
        JsonNode name = toolChoice.path("function").path("name");
        if (!toolChoice.isObject() || !"function".equals(toolChoice.path("type").asText()) || !name.isTextual()) {
            throw new ApiException.BadRequest("tool_choice must be \"none\", \"auto\", \"required\" or"
                    + " {\"type\": \"function\", \"function\": {\"name\": ...}}", "tool_choice");
        }
        if (functions.stream().noneMatch(f -> f.name().equals(name.asText()))) {
            throw new ApiException.BadRequest("tool_choice names the function '" + name.asText()
                    + "', which is not among tools", "tool_choice");
        }
        return new ToolPlan(functions, Choice.NAMED, name.asText());
    }

    private static Function function(JsonNode tool, String where) {
        if (tool == null || !tool.isObject()) throw new ApiException.BadRequest(where + " must be an object", "tools");
        if (!"function".equals(tool.path("type").asText())) {
            throw new ApiException.BadRequest(where + ".type must be \"function\", got " + tool.get("type"), "tools");
        }
        JsonNode f = tool.get("function");
        if (f == null || !f.isObject()) throw new ApiException.BadRequest(where + ".function must be an object", "tools");
        JsonNode name = f.get("name");
        if (name == null || !name.isTextual() || !name.asText().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ApiException.BadRequest(where + ".function.name must be 1 to 64 letters, digits, '_', '.' or '-',"
                    + " got " + name, "tools");
        }
        JsonNode description = f.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            throw new ApiException.BadRequest(where + ".function.description must be a string", "tools");
        }
        JsonNode parameters = f.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw new ApiException.BadRequest(where + ".function.parameters must be a JSON schema object", "tools");
        }
        return new Function(name.asText(), description == null || description.isNull() ? null : description.asText(),
                parameters == null || parameters.isNull() ? Json.MAPPER.createObjectNode() : parameters);
    }
}
