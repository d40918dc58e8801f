package r1j.engine.generate;

/** Why a generation ended, named as the OpenAI API names it. */
public enum FinishReason {
    /** An end-of-generation token or a stop string. */
    STOP,
    /** {@code maxTokens} or the context window ran out. */
    LENGTH,
    /** The caller cancelled it (a server's client disconnected); no OpenAI response carries this one. */
    CANCELLED;

    public String openAiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
