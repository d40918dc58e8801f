package r1j.server.protocol;

/** {@code stream_options}: {@code include_usage} adds a last chunk with the usage and no choices. */
public record StreamOptions(Boolean includeUsage) {
    public boolean wantsUsage() {
        return Boolean.TRUE.equals(includeUsage);
    }
}
