package r1j.dialogue.store;

/** No conversation has this id (a 404; never silently treated as a new conversation). */
public final class ConversationNotFoundException extends RuntimeException {
    public ConversationNotFoundException(String id) {
        super("conversation '" + id + "' not found");
    }
}
