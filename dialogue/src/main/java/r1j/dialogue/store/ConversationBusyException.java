package r1j.dialogue.store;

/** Another request is changing this conversation right now (a 409): the caller may retry once it is done. */
public final class ConversationBusyException extends RuntimeException {
    public ConversationBusyException(String message) {
        super(message);
    }
}
