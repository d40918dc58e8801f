package r1j.router.config;

import java.nio.file.Path;

/** A {@code route.yaml} that cannot be used; the message names the file, the field and the value. */
public final class RouteConfigException extends RuntimeException {
    public RouteConfigException(Path file, String field, Object value, String reason) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : "field '" + field + "'"
                + (value == null ? "" : " = " + quoted(value)) + ": ") + reason);
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
