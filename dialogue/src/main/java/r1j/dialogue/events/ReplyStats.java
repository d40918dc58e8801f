package r1j.dialogue.events;

/**
 * How one assistant reply was made, stored with it so a reopened conversation shows the same numbers the live
 * answer did ("Thought for 12 s", tokens per second), measured by the server rather than guessed by a client.
 *
 * @param preset          the task preset its sampling came from ({@code creative}, {@code reasoning},
 *                        {@code default}); null when the request set its own temperature
 * @param thinkingMs      from submission to the first answer token (the whole reply if it never left its thinking);
 *                        null when the reply had no thinking
 * @param durationMs      from submission to the last token, prompt reading included
 * @param promptTokens    tokens of the prompt the reply answered
 * @param reasoningTokens generated tokens spent thinking
 * @param answerTokens    generated tokens after the thinking
 * @param tokensPerS      generated tokens per second after the first (whose time is prompt reading)
 */
public record ReplyStats(String preset, Long thinkingMs, long durationMs, int promptTokens, int reasoningTokens,
        int answerTokens, double tokensPerS) {}
