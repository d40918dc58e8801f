package r1j.server.inference;

/** The engine's waiting queue is full: the client should retry later (HTTP 503). */
public final class EngineBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineBusyException(String message) {
        super(message);
    }
}
