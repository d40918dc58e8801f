package r1j.dialogue;

import java.util.List;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.state.ConversationState;
import r1j.engine.generate.GenerationResult;

/**
 * What one message produced.
 *
 * @param reply          the last reply (after any tool steps); null when cancelled before the model answered
 * @param stateChanges   intent/slot/summary events of this turn
 * @param generation     the last reply's generation; null when there was none
 * @param trackingMillis time spent tracking (rules and model), the per-turn overhead
 * @param toolSteps      the tool calls and results of this turn, in order (empty without tools)
 */
public record TurnResult(int turn, ConversationEvent.AssistantMessage reply, List<ConversationEvent> stateChanges,
        ConversationState state, GenerationResult generation, double trackingMillis, List<ConversationEvent> toolSteps) {
    public TurnResult {
        stateChanges = List.copyOf(stateChanges);
        toolSteps = List.copyOf(toolSteps);
    }

    public TurnResult(int turn, ConversationEvent.AssistantMessage reply, List<ConversationEvent> stateChanges,
            ConversationState state, GenerationResult generation, double trackingMillis) {
        this(turn, reply, stateChanges, state, generation, trackingMillis, List.of());
    }
}
