package r1j.engine.sampling;

/**
 * A generation setting out of range, naming the request field it came from (the server's 400 reports that field as
 * its {@code param}; the CLI prints the message).
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String code;

    public InvalidSettingException(String field, String message) {
        this(field, message, null);
    }

    /** @param code a machine-readable reason, e.g. {@code context_length_exceeded} (null: none) */
    public InvalidSettingException(String field, String message, String code) {
        super(message);
        this.field = field;
        this.code = code;
    }

    /** The field in the API's (snake_case) naming, e.g. {@code top_p}. */
    public String field() {
        return field;
    }

    /** The machine-readable reason, or null. */
    public String code() {
        return code;
    }
}
