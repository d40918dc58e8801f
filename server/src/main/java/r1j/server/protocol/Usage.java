package r1j.server.protocol;

/** Token counts of one response; reasoning tokens are part of the completion tokens. */
public record Usage(int promptTokens, int completionTokens, int totalTokens, CompletionTokensDetails completionTokensDetails) {
    public record CompletionTokensDetails(int reasoningTokens) {}

    public static Usage of(int promptTokens, int completionTokens, int reasoningTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens,
                new CompletionTokensDetails(reasoningTokens));
    }
}
