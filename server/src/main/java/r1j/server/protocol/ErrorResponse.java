package r1j.server.protocol;

/** OpenAI's error body; {@code param} and {@code code} are written as null when absent, as OpenAI does. */
public record ErrorResponse(Error error) {
    public record Error(String message, String type, String param, String code) {}
}
