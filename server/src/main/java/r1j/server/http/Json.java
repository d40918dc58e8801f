package r1j.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapping of the protocol: snake_case names from the records' camelCase components, unknown fields
 * ignored (clients send many we do not use), and no lenient coercions (a string is not a number, 1.5 is not an
 * integer), so a wrong type is a 400 naming the field.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // Still lenient after the line above: " " read as an absent integer, 5 or true read as the string "5".
            .withCoercionConfigDefaults(c -> c.setAcceptBlankAsEmpty(false))
            .withCoercionConfig(LogicalType.Integer, Json::failOnStrings)
            .withCoercionConfig(LogicalType.Float, Json::failOnStrings)
            .withCoercionConfig(LogicalType.Boolean, Json::failOnStrings)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // Error messages never echo the request body back.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    private static void failOnStrings(MutableCoercionConfig c) {
        c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    /**
     * The request body as {@code type}; any parse or type error is a 400 that says where, a body declared as
     * something other than JSON a 415, a body that breaks off or stalls a 400 or 408.
     */
    public static <T> T read(Context ctx, Class<T> type) {
        requireJsonContentType(ctx.header("Content-Type"));
        byte[] body = RequestBody.read(ctx);
        if (body.length == 0) throw new ApiException.BadRequest("the request body is empty; expected a JSON object", null);
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw new ApiException.BadRequest("the request body must be a JSON object, not null", null);
            return value;
        } catch (MismatchedInputException e) {
            String path = path(e);
            if (path.isEmpty()) {
                throw new ApiException.BadRequest("the request body must be one JSON object: " + e.getOriginalMessage(),
                        null);
            }
            throw new ApiException.BadRequest(
                    "invalid type for '" + path + "': expected " + jsonTypeName(e.getTargetType()), path);
        } catch (JsonMappingException e) {
            // A syntax error met while mapping arrives wrapped; it is still bad JSON, not a bad value.
            if (e.getCause() instanceof StreamReadException syntax) throw invalidJson(syntax);
            String path = path(e);
            throw new ApiException.BadRequest("invalid value" + (path.isEmpty() ? "" : " for '" + path + "'") + ": "
                    + e.getOriginalMessage(), path.isEmpty() ? null : path);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw new ApiException.BadRequest("the request body could not be read: " + e.getMessage(), null);
        }
    }

    /**
     * {@code application/json} or any {@code +json} type, parameters such as the charset allowed. A request without
     * the header claims nothing and is read as JSON; any other type is a 415, since parsing, say, a form as JSON
     * would answer a request the client did not send.
     */
    public static void requireJsonContentType(String header) {
        if (header == null || header.isBlank()) return;
        String mediaType = header.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (mediaType.equals("application/json") || (mediaType.endsWith("+json") && mediaType.indexOf('/') > 0)) return;
        throw new ApiException.UnsupportedMediaType("the request body must be JSON (Content-Type: application/json),"
                + " got Content-Type '" + header + "'");
    }

    private static ApiException invalidJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return new ApiException.BadRequest("the request body is not valid JSON: " + e.getOriginalMessage() + where, null);
    }

    public static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + body.getClass().getSimpleName(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code messages[0].content}: the JSON path as a client wrote it. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String jsonTypeName(Class<?> type) {
        if (type == null) return "another type";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "a boolean";
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) return "an integer";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (List.class.isAssignableFrom(type) || type.isArray()) return "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "another type";
    }
}
