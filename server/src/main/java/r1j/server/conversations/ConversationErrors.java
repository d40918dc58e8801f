package r1j.server.conversations;

import java.util.function.Supplier;
import r1j.dialogue.context.ContextOverflowException;
import r1j.dialogue.domain.DomainException;
import r1j.dialogue.store.ConversationBusyException;
import r1j.dialogue.store.ConversationNotFoundException;
import r1j.engine.sampling.InvalidSettingException;
import r1j.server.http.ApiException;

/** The dialogue layer's typed errors as HTTP errors, in one place for every route that reaches a conversation. */
public final class ConversationErrors {
    private ConversationErrors() {}

    /**
     * Runs {@code action}, turning dialogue errors into {@link ApiException}s.
     *
     * @param idParam     the request field that named the conversation (for the error's {@code param})
     * @param promptParam the request field that holds the new message
     */
    public static <T> T call(String idParam, String promptParam, Supplier<T> action) {
        try {
            return action.get();
        } catch (ConversationNotFoundException e) {
            throw new ApiException.NotFound(e.getMessage(), idParam, "conversation_not_found");
        } catch (ConversationBusyException e) {
            throw new ApiException.Conflict(e.getMessage(), idParam, "conversation_busy");
        } catch (DomainException e) {
            throw new ApiException.BadRequest(e.getMessage(), "domain");
        } catch (ContextOverflowException e) {
            throw new ApiException.BadRequest(e.getMessage(), promptParam, "context_length_exceeded");
        } catch (InvalidSettingException e) {
            throw new ApiException.BadRequest(e.getMessage(), e.field(), e.code());
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(e.getMessage(), null);
        }
    }
}
