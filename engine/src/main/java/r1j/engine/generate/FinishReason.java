package r1j.engine.generate;

/** Why a generation ended. Each caller names it in its own vocabulary (the server as the OpenAI API does). */
public enum FinishReason {
    /** An end-of-generation token, a stop string, or a complete constrained answer. */
    STOP,
    /** {@code maxTokens} or the context window ran out. */
    LENGTH,
    /** The caller cancelled it (a server's client disconnected). */
    CANCELLED
}
