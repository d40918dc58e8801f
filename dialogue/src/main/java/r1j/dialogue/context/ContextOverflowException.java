package r1j.dialogue.context;

/** The new message plus the reply budget cannot fit the context window even with all history dropped (a 400). */
public final class ContextOverflowException extends RuntimeException {
    public ContextOverflowException(String message) {
        super(message);
    }
}
