package r1j.dialogue;

import r1j.dialogue.state.ConversationState;
import r1j.dialogue.store.ConversationRecord;

/** A conversation's header and its current state (what GET /v1/conversations/{id} shows). */
public record ConversationView(ConversationRecord conversation, ConversationState state) {}
