package r1j.dialogue.store;

import java.util.List;

/** One page of a listing, newest first; {@code hasMore} says whether the next offset has more. */
public record ConversationPage(List<ConversationRecord> items, int offset, int limit, boolean hasMore) {
    public ConversationPage {
        items = List.copyOf(items);
    }
}
