package r1j.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import r1j.engine.constrain.JsonSchema;
import r1j.engine.constrain.JsonSchemaConstraint;
import r1j.engine.constrain.JsonSchemaException;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;
import r1j.engine.constrain.JsonObjectConstraint;
import r1j.server.http.ApiException;

/**
 * A request's {@code response_format}, checked once: {@code text} (free), {@code json_object} (any JSON object) or
 * {@code json_schema}, the last two enforced by constrained decoding of the answer after the thinking. A schema
 * outside the supported subset is a 400 naming the schema path.
 *
 * @param schema the schema of {@code json_schema}, else null
 */
record ResponseFormat(Kind kind, JsonNode schema) {
    enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }

    static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null);

    /** Characters a {@code json_object} answer may take at most: half the tokens, at most this many. */
    static final int MAX_OBJECT_CHARS = 2048;

    boolean constrained() {
        return kind != Kind.TEXT;
    }

    /**
     * A fresh constraint for one sequence (constraints are stateful) and the longest answer it allows, in
     * characters (an upper bound on its tokens).
     */
    Answer newConstraint(TokenTrie trie, int maxTokens) {
        if (kind == Kind.JSON_SCHEMA) {
            JsonSchemaConstraint c = JsonSchemaConstraint.of(trie, schema);
            return new Answer(c, c.maxLength());
        }
        int chars = Math.max(2, Math.min(MAX_OBJECT_CHARS, maxTokens / 2));
        return new Answer(new JsonObjectConstraint(trie, chars), chars);
    }

    record Answer(TokenConstraint constraint, long longest) {}

    static ResponseFormat of(JsonNode format) {
        if (format == null || format.isNull()) return TEXT;
        if (!format.isObject()) throw new ApiException.BadRequest("response_format must be an object", "response_format");
        String type = format.path("type").asText("");
        switch (type) {
            case "text":
                return TEXT;
            case "json_schema": {
                JsonNode spec = format.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw new ApiException.BadRequest("response_format.json_schema must be an object with a 'schema'",
                            "response_format");
                }
                JsonNode schema = spec.get("schema");
                if (schema == null || !schema.isObject()) {
                    throw new ApiException.BadRequest("response_format.json_schema.schema must be a JSON schema object",
                            "response_format");
                }
                try {
                    JsonSchema.parse(schema);
                } catch (JsonSchemaException e) {
                    throw new ApiException.BadRequest("response_format.json_schema.schema is not supported: "
                            + e.getMessage(), "response_format");
                }
                return new ResponseFormat(Kind.JSON_SCHEMA, schema);
            }
            case "json_object":
                return new ResponseFormat(Kind.JSON_OBJECT, null);
            default:
                throw new ApiException.BadRequest("response_format type must be 'text', 'json_schema' or 'json_object',"
                        + " got '" + type + "'", "response_format");
        }
    }

    /** Whether {@code schema} is within the subset the constraint enforces. */
    static boolean supported(JsonNode schema) {
        try {
            JsonSchema.parse(schema);
            return true;
        } catch (JsonSchemaException e) {
            return false;
        }
    }
}
