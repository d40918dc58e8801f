package r1j.engine.generate;

/** Why a generation ended, named as the OpenAI API names it. */
public enum FinishReason {
    /** An end-of-generation token or a stop string. */
    STOP,
    /** {@code maxTokens} or the context window ran out. */
    LENGTH;

    public String openAiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
