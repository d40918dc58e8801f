package r1j.agent;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One user turn for the loop.
 *
 * @param history   the conversation so far, ending with the new user message
 * @param choice    the request's {@code tool_choice}
 * @param maxSteps  model turns whose calls may run ({@code --max-tool-steps}); after that, one last turn without tools
 * @param cancelled polled before each model turn and each call (the user pressed Stop)
 */
public record LoopRequest(List<AgentMessage> history, ToolChoice choice, int maxSteps, BooleanSupplier cancelled) {
    public static final int DEFAULT_MAX_STEPS = 5;

    public LoopRequest {
        history = List.copyOf(history);
        if (maxSteps < 1) throw new IllegalArgumentException("max tool steps must be >= 1, got " + maxSteps);
    }

    public LoopRequest(List<AgentMessage> history, ToolChoice choice) {
        this(history, choice, DEFAULT_MAX_STEPS, () -> false);
    }
}
