package r1j.agent.toolsfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import r1j.agent.builtin.Calculator;
import r1j.agent.builtin.CurrentTime;
import r1j.agent.builtin.FetchUrl;
import r1j.agent.http.GuardedHttpClient;
import r1j.agent.http.HttpTool;
import r1j.agent.http.UrlTemplate;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolFunction;

/**
 * One entry of a tools.json, in either shape:
 * <ul>
 *   <li>Open WebUI style: {@code {"id", "name", "description", "params", "url", "method", "headers"}}; the function
 *       name is the {@code id}, {@code name} a display name (the description when there is none).</li>
 *   <li>OpenAI style: {@code {"type": "function", "function": {"name", "description", "parameters"}, "run": R}} where
 *       R is {@code {"type": "http", "method", "url", "headers"}} or {@code {"type": "builtin", "name"}}.</li>
 * </ul>
 * Header values may hold {@code ${NAME}}, replaced by the environment variable NAME when the file is read.
 * Unknown fields are errors (a misspelt field would otherwise be silently ignored).
 */
final class ToolEntry {
    private static final Set<String> WEBUI_FIELDS = Set.of("id", "name", "description", "params", "url", "method",
            "headers");
    private static final Set<String> OPENAI_FIELDS = Set.of("type", "function", "run");
    private static final Set<String> FUNCTION_FIELDS = Set.of("name", "description", "parameters", "strict");
    private static final Set<String> HTTP_RUN_FIELDS = Set.of("type", "method", "url", "headers");
    private static final Set<String> BUILTIN_RUN_FIELDS = Set.of("type", "name");
    private static final Set<String> BUILTINS = Set.of(Calculator.NAME, CurrentTime.NAME, FetchUrl.NAME);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path file;
    private final int position;
    private final JsonNode node;
    private final ToolSettings settings;
    private final GuardedHttpClient http;
    private String name;
    private boolean openAiShape;

    ToolEntry(Path file, int position, JsonNode node, ToolSettings settings, GuardedHttpClient http) {
        this.file = file;
        this.position = position;
        this.node = node;
        this.settings = settings;
        this.http = http;
    }

    Tool read() {
        if (node == null || !node.isObject()) throw fail(null, "must be a JSON object");
        // The name labels every later error, whichever field is wrong.
        JsonNode label = node.has("id") ? node.get("id") : node.path("function").get("name");
        if (label != null && label.isTextual() && ToolFunction.NAME.matcher(label.asText()).matches()) {
            name = label.asText();
        }
        if (node.has("type") || node.has("function") || node.has("run")) {
            openAiShape = true;
            return readOpenAi();
        }
        if (node.has("id") || node.has("url")) return readWebUi();
        throw fail(null, "is neither shape: expected {\"id\", \"url\", \"method\", \"params\", ...} (Open WebUI style)"
                + " or {\"type\": \"function\", \"function\": {...}, \"run\": {...}} (OpenAI style)");
    }

    /** Where this entry's function name is written. */
    String nameField() {
        return openAiShape ? "function.name" : "id";
    }

    ToolsFileException fail(String field, String problem) {
        String label = name == null ? "entry " + position : "'" + name + "' (entry " + position + ")";
        return new ToolsFileException(file, label, field, problem);
    }

    private Tool readWebUi() {
        checkFields(node, WEBUI_FIELDS, "");
        name = functionName(node, "id");
        String displayName = text(node, "name", "name", false);
        String description = text(node, "description", "description", false);
        // Without a description, the display name is the best the model gets.
        ToolFunction function = new ToolFunction(name, description.isEmpty() ? displayName : description,
                schema(node.get("params"), "params"));
        return http(function, node, "");
    }

    private Tool readOpenAi() {
        checkFields(node, OPENAI_FIELDS, "");
        String type = text(node, "type", "type", true);
        if (!type.equals("function")) throw fail("type", "must be \"function\", got \"" + type + "\"");
        JsonNode f = node.get("function");
        if (f == null || !f.isObject()) throw fail("function", "required: an object with name, description, parameters");
        checkFields(f, FUNCTION_FIELDS, "function.");
        name = functionName(f, "function.name");
        JsonNode strict = f.get("strict");
        if (strict != null && !strict.isBoolean()) throw fail("function.strict", "must be true or false");
        String description = text(f, "description", "function.description", false);
        JsonNode run = node.get("run");
        if (run == null || !run.isObject()) {
            throw fail("run", "required: {\"type\": \"http\", \"method\", \"url\", \"headers\"} or {\"type\":"
                    + " \"builtin\", \"name\": \"calculator\" | \"current_time\" | \"fetch_url\"}");
        }
        String runType = text(run, "type", "run.type", true);
        return switch (runType) {
            case "http" -> {
                checkFields(run, HTTP_RUN_FIELDS, "run.");
                yield http(new ToolFunction(name, description, schema(f.get("parameters"), "function.parameters")), run,
                        "run.");
            }
            case "builtin" -> {
                checkFields(run, BUILTIN_RUN_FIELDS, "run.");
                yield builtin(text(run, "name", "run.name", true), description, f.get("parameters"));
            }
            default -> throw fail("run.type", "must be \"http\" or \"builtin\", got \"" + runType + "\"");
        };
    }

    private Tool http(ToolFunction function, JsonNode spec, String prefix) {
        String method = text(spec, "method", prefix + "method", false);
        method = method.isEmpty() ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!HttpTool.METHODS.contains(method)) {
            throw fail(prefix + "method", "must be one of " + HttpTool.METHODS + ", got \"" + method + "\"");
        }
        UrlTemplate url;
        try {
            url = UrlTemplate.parse(text(spec, "url", prefix + "url", true));
        } catch (IllegalArgumentException e) {
            throw fail(prefix + "url", e.getMessage());
        }
        return new HttpTool(function, method, url, headers(spec.get("headers"), prefix + "headers"), http);
    }

    private Tool builtin(String builtin, String description, JsonNode parameters) {
        if (!BUILTINS.contains(builtin)) {
            throw fail("run.name", "no built-in is called \"" + builtin + "\"; there are " + BUILTINS);
        }
        if (parameters != null) {
            throw fail("function.parameters", "a built-in brings its own parameters; leave this field out");
        }
        ToolFunction function = switch (builtin) {
            case Calculator.NAME -> Calculator.defaultFunction(name);
            case CurrentTime.NAME -> CurrentTime.defaultFunction(name);
            default -> FetchUrl.defaultFunction(name);
        };
        if (!description.isEmpty()) function = new ToolFunction(name, description, function.parameters());
        return switch (builtin) {
            case Calculator.NAME -> new Calculator(function);
            case CurrentTime.NAME -> new CurrentTime(function, settings.clock());
            default -> new FetchUrl(function, http);
        };
    }

    private String functionName(JsonNode obj, String field) {
        String value = text(obj, field.substring(field.lastIndexOf('.') + 1), field, true);
        if (!ToolFunction.NAME.matcher(value).matches()) {
            throw fail(field, "must be 1 to 64 letters, digits, '_', '.' or '-' (the name the model calls), got \""
                    + value + "\"");
        }
        return value;
    }

    /** A JSON schema of the arguments: an object schema; {@code {"type": "object", "properties": {}}} when absent. */
    private ObjectNode schema(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            ObjectNode empty = JsonNodeFactory.instance.objectNode().put("type", "object");
            empty.putObject("properties");
            return empty;
        }
        if (!value.isObject()) throw fail(field, "must be a JSON schema object");
        JsonNode type = value.get("type");
        if (type != null && !"object".equals(type.asText())) {
            throw fail(field + ".type", "the arguments are one JSON object, so the schema's type must be \"object\"");
        }
        JsonNode properties = value.get("properties");
        if (properties != null && !properties.isObject()) throw fail(field + ".properties", "must be an object");
        JsonNode required = value.get("required");
        if (required != null) {
            if (!required.isArray()) throw fail(field + ".required", "must be an array of property names");
            for (JsonNode r : required) {
                if (!r.isTextual()) throw fail(field + ".required", "must be an array of property names");
            }
        }
        ObjectNode schema = (ObjectNode) value.deepCopy();
        if (type == null) schema.put("type", "object");
        return schema;
    }

    private Map<String, String> headers(JsonNode value, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) return out;
        if (!value.isObject()) throw fail(field, "must be an object of header names to values");
        for (Map.Entry<String, JsonNode> h : value.properties()) {
            String where = field + "." + h.getKey();
            if (!HEADER_NAME.matcher(h.getKey()).matches()) throw fail(where, "is not a valid header name");
            if (!h.getValue().isTextual()) throw fail(where, "must be a string");
            out.put(h.getKey(), expand(h.getValue().asText(), where));
        }
        return out;
    }

    /** {@code ${NAME}} replaced by the environment variable; the value itself never reaches a message. */
    private String expand(String value, String field) {
        Matcher m = ENV_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = settings.environment().apply(m.group(1));
            if (v == null) throw fail(field, "the environment variable " + m.group(1) + " is not set");
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        String expanded = out.toString();
        if (expanded.indexOf('\r') >= 0 || expanded.indexOf('\n') >= 0 || expanded.indexOf('\0') >= 0) {
            throw fail(field, "the value (after environment variables) contains a line break or NUL");
        }
        return expanded;
    }

    private String text(JsonNode obj, String key, String field, boolean required) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) {
            if (required) throw fail(field, "required");
            return "";
        }
        if (!v.isTextual()) throw fail(field, "must be a string");
        if (required && v.asText().isBlank()) throw fail(field, "must not be empty");
        return v.asText();
    }

    private void checkFields(JsonNode obj, Set<String> known, String prefix) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw fail(prefix + f, "unknown field; this object takes " + new java.util.TreeSet<>(known));
            }
        }
    }
}
