package r1j.agent;

/**
 * Hears what the loop does, in order, on the loop's thread: for each model turn {@link #replied}, then for each of
 * its calls {@link #toolStarted} and {@link #toolFinished}. The server logs these in the conversation and streams
 * them as SSE events. A listener must not throw.
 */
public interface ToolLoopListener {
    ToolLoopListener NONE = new ToolLoopListener() {};

    /** A model turn ended; {@code message.calls()} are about to run (unless the loop stops here). */
    default void replied(int turn, AgentMessage.Assistant message) {}

    default void toolStarted(int step, AgentMessage.Call call) {}

    default void toolFinished(ToolStep step) {}
}
