package r1j.dialogue;

import java.util.List;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.state.ConversationState;
import r1j.engine.generate.GenerationResult;

/**
 * What one message produced.
 *
 * @param stateChanges   intent/slot/summary events of this turn
 * @param trackingMillis time spent tracking (rules and model), the per-turn overhead
 */
public record TurnResult(int turn, ConversationEvent.AssistantMessage reply, List<ConversationEvent> stateChanges,
        ConversationState state, GenerationResult generation, double trackingMillis) {
    public TurnResult {
        stateChanges = List.copyOf(stateChanges);
    }
}
