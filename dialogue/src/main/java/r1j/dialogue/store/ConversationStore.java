package r1j.dialogue.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import r1j.dialogue.events.ConversationEvent;

/**
 * Durable conversations: a header per conversation and its append-only event log. Every method commits before
 * it returns, so what it acknowledged survives a crash. Thread-safe.
 */
public interface ConversationStore extends AutoCloseable {
    ConversationRecord create(String id, JsonNode domain, Map<String, String> metadata, Instant now);

    Optional<ConversationRecord> find(String id);

    /** Newest first; {@code filter} keeps conversations whose metadata has every key=value given. */
    ConversationPage list(int offset, int limit, Map<String, String> filter);

    /** All events in seq order. */
    List<ConversationEvent> events(String id) throws ConversationNotFoundException;

    /**
     * Appends {@code events} (seqs expectedLastSeq+1, +2, ...) in one transaction, only if the log still ends at
     * {@code expectedLastSeq}; otherwise someone else appended first and nothing is written.
     */
    void append(String id, long expectedLastSeq, List<ConversationEvent> events, Instant now)
            throws ConversationNotFoundException, ConversationBusyException;

    /** Replaces the conversation's metadata with {@code metadata} (a title, tags) and returns the updated header. */
    ConversationRecord replaceMetadata(String id, Map<String, String> metadata, Instant now)
            throws ConversationNotFoundException;

    /** @return false when there was no such conversation */
    boolean delete(String id);

    @Override
    void close();
}
