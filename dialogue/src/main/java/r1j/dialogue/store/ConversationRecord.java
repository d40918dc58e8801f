package r1j.dialogue.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A stored conversation's header.
 *
 * @param domain  the domain's JSON as given at creation, or null for "memory only"
 * @param lastSeq seq of the last event (0 = none): the optimistic-concurrency token for appends
 */
public record ConversationRecord(String id, JsonNode domain, Map<String, String> metadata, Instant createdAt,
        Instant updatedAt, long lastSeq) {
    public ConversationRecord {
        metadata = Map.copyOf(metadata);
    }
}
