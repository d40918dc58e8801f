package r1j.eval.client;

/**
 * One finished chat completion. {@code reasoning} is the server's {@code reasoning_content} (empty when it does not
 * split); {@code reasoningTokens} is the server's {@code completion_tokens_details.reasoning_tokens}, or an estimate
 * from the text split when {@code reasoningTokensEstimated}; token counts are -1 when the server sent no usage.
 */
public record ChatReply(String content, String reasoning, String finishReason, long ttftNanos, long e2eNanos,
        int promptTokens, int completionTokens, int reasoningTokens, boolean reasoningTokensEstimated) {}
