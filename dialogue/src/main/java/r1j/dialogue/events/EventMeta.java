package r1j.dialogue.events;

import java.time.Instant;

/**
 * Where an event sits in its conversation.
 *
 * @param seq  1, 2, 3... per conversation, never reused (the store's optimistic-concurrency key)
 * @param turn the user turn the event belongs to: turn N starts with the N-th user message of the current timeline
 *             (0 = before any); after a rewind to turn K the next user message is turn K+1 again
 * @param at   when it happened, to the millisecond (what every store keeps)
 */
public record EventMeta(String conversationId, long seq, int turn, Instant at) {}
