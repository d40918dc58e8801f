package r1j.engine.constrain;

/** A JSON schema that is malformed or uses something outside the supported subset; names the schema path. */
public final class JsonSchemaException extends IllegalArgumentException {
    public JsonSchemaException(String message) {
        super(message);
    }
}
