package r1j.dialogue.domain;

/** A domain file that cannot be used; the message names the file, the path inside it and what is wrong. */
public final class DomainException extends IllegalArgumentException {
    public DomainException(String message) {
        super(message);
    }

    public DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
