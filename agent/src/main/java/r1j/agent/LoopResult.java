package r1j.agent;

import java.util.List;
import java.util.Optional;

/**
 * What one loop run added to the conversation.
 *
 * @param added  the new messages, in order: assistant turns and tool results, ending with the last assistant
 *               turn (unless cancelled before it)
 * @param steps  every call, executed or refused
 * @param finish why the loop stopped
 */
public record LoopResult(List<AgentMessage> added, List<ToolStep> steps, Finish finish) {
    public enum Finish {
        /** The model answered without calling a tool. */
        ANSWERED,
        /** The step limit was reached: the last turn was made without tools. */
        STEP_LIMIT,
        /** A reply was cut short (length); its calls were not run. */
        CUT_SHORT,
        /** The request was cancelled. */
        CANCELLED
    }

    public LoopResult {
        added = List.copyOf(added);
        steps = List.copyOf(steps);
    }

    /** The last assistant turn; empty only when the request was cancelled before the model replied. */
    public Optional<AgentMessage.Assistant> answer() {
        for (int i = added.size() - 1; i >= 0; i--) {
            if (added.get(i) instanceof AgentMessage.Assistant a) return Optional.of(a);
        }
        return Optional.empty();
    }
}
