package r1j.engine.settings;

/**
 * How many tokens to generate when a caller gives no {@code max_tokens}: the one table every entry point uses.
 * R1 models think long and max tokens count the thinking, so chats get all the room the context leaves.
 */
public enum MaxTokensDefault {
    /** Chat completions, CLI {@code generate} and {@code chat}: all the context the prompt leaves. */
    REST_OF_CONTEXT,
    /** Text completions: OpenAI's (and vLLM's) 16, or less when the context leaves less. */
    OPENAI_COMPLETIONS,
    /** A stored conversation's reply: a quarter of the context (at least 16); the rest is for the history it keeps. */
    CONVERSATION_REPLY;

    /** The default for a context of {@code maxModelLen} tokens of which {@code available} are left after the prompt. */
    int tokens(int maxModelLen, int available) {
        return switch (this) {
            case REST_OF_CONTEXT -> available;
            case OPENAI_COMPLETIONS -> Math.min(16, available);
            case CONVERSATION_REPLY -> Math.min(Math.max(16, maxModelLen / 4), available);
        };
    }
}
