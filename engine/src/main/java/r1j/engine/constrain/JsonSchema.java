package r1j.engine.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of JSON Schema that {@link JsonSchemaConstraint} enforces, parsed and checked once:
 * objects with {@code properties}, {@code required} and {@code additionalProperties: false}; strings, numbers,
 * integers, booleans, string enums and arrays of those; nullability by {@code "type": [T, "null"]} or
 * {@code "nullable": true}. Anything else is rejected with the path of the offending node, never silently ignored:
 * an assertion keyword the constraint does not enforce ({@code pattern}, {@code minLength}, {@code minimum}, ...)
 * would otherwise let through output the client's schema forbids. Annotations ({@code title}, {@code description},
 * {@code format}, which JSON Schema 2020-12 makes an annotation by default, ...) change nothing and pass.
 */
public sealed interface JsonSchema {
    boolean nullable();

    record StringSchema(boolean nullable) implements JsonSchema {}

    /** @param integer true for {@code "type": "integer"}: no fraction, no exponent */
    record NumberSchema(boolean integer, boolean nullable) implements JsonSchema {}

    record BooleanSchema(boolean nullable) implements JsonSchema {}

    record EnumSchema(List<String> values, boolean nullable) implements JsonSchema {
        public EnumSchema {
            values = List.copyOf(values);
        }
    }

    /** @param maxItems most items the constraint lets through (a bound keeps the output finite) */
    record ArraySchema(JsonSchema items, int maxItems, boolean nullable) implements JsonSchema {}

    /** Properties in declaration order: the constraint emits them in that order, optional ones may be skipped. */
    record ObjectSchema(List<Property> properties, boolean nullable) implements JsonSchema {
        public ObjectSchema {
            properties = List.copyOf(properties);
        }
    }

    record Property(String name, JsonSchema schema, boolean required) {}

    /** Items an array may hold when the schema gives no {@code maxItems}. */
    int DEFAULT_MAX_ITEMS = 8;

    /** Keywords the constraint enforces. */
    Set<String> ENFORCED = Set.of("type", "nullable", "enum", "properties", "required", "additionalProperties", "items",
            "maxItems");

    /** Keywords that only describe, so ignoring them changes no output. */
    Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "format", "deprecated", "readOnly",
            "writeOnly", "$schema", "$id", "$comment");

    static JsonSchema parse(JsonNode node) {
        return parse(node, "$");
    }

    private static JsonSchema parse(JsonNode node, String path) {
        if (node == null || !node.isObject()) throw new JsonSchemaException(path + ": a schema must be a JSON object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!ENFORCED.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new JsonSchemaException(path + "." + keyword + ": the keyword '" + keyword + "' is not supported"
                        + " by constrained decoding (supported: " + ENFORCED.stream().sorted().toList() + ")");
            }
        }
        boolean nullable = node.path("nullable").asBoolean(false);
        String type = null;
        JsonNode typeNode = node.get("type");
        if (typeNode != null && typeNode.isArray()) {
            for (JsonNode t : typeNode) {
                if ("null".equals(t.asText())) {
                    nullable = true;
                } else if (type == null) {
                    type = t.asText();
                } else {
                    throw new JsonSchemaException(path + ".type: unions of several non-null types are not supported ("
                            + typeNode + ")");
                }
            }
        } else if (typeNode != null) {
            type = typeNode.asText();
        }
        JsonNode enumNode = node.get("enum");
        if (enumNode != null) {
            if (!enumNode.isArray() || enumNode.isEmpty()) {
                throw new JsonSchemaException(path + ".enum: must be a non-empty array");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode v : enumNode) {
                if (v.isNull()) {
                    nullable = true;
                } else if (v.isTextual()) {
                    values.add(v.asText());
                } else {
                    throw new JsonSchemaException(path + ".enum: only string values (and null) are supported, got " + v);
                }
            }
            if (values.isEmpty()) throw new JsonSchemaException(path + ".enum: needs at least one string value");
            return new EnumSchema(values, nullable);
        }
        if (type == null) throw new JsonSchemaException(path + ": no \"type\" (or \"enum\") given");
        return switch (type) {
            case "string" -> new StringSchema(nullable);
            case "number" -> new NumberSchema(false, nullable);
            case "integer" -> new NumberSchema(true, nullable);
            case "boolean" -> new BooleanSchema(nullable);
            case "array" -> {
                int max = node.path("maxItems").asInt(DEFAULT_MAX_ITEMS);
                if (max < 0) throw new JsonSchemaException(path + ".maxItems: must be >= 0, got " + max);
                yield new ArraySchema(parse(node.get("items"), path + ".items"), max, nullable);
            }
            case "object" -> parseObject(node, path, nullable);
            default -> throw new JsonSchemaException(path + ".type: '" + type
                    + "' is not supported (string, number, integer, boolean, array, object)");
        };
    }

    private static ObjectSchema parseObject(JsonNode node, String path, boolean nullable) {
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && !(additional.isBoolean() && !additional.asBoolean())) {
            throw new JsonSchemaException(path + ".additionalProperties: only false is supported, got " + additional);
        }
        Set<String> required = new LinkedHashSet<>();
        JsonNode req = node.get("required");
        if (req != null) {
            if (!req.isArray()) throw new JsonSchemaException(path + ".required: must be an array of names");
            for (JsonNode r : req) required.add(r.asText());
        }
        List<Property> properties = new ArrayList<>();
        JsonNode props = node.get("properties");
        if (props != null) {
            if (!props.isObject()) throw new JsonSchemaException(path + ".properties: must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String escaped = TextNode.valueOf(e.getKey()).toString();
                if (!escaped.equals("\"" + e.getKey() + "\"")) {
                    throw new JsonSchemaException(path + ".properties: name '" + e.getKey()
                            + "' needs JSON escapes, which the constraint does not support");
                }
                properties.add(new Property(e.getKey(), parse(e.getValue(), path + ".properties." + e.getKey()),
                        required.remove(e.getKey())));
            }
        }
        if (!required.isEmpty()) {
            throw new JsonSchemaException(path + ".required: " + required + " not declared in properties");
        }
        return new ObjectSchema(properties, nullable);
    }
}
