package r1j.router.config;

import java.util.List;

/**
 * The whole of {@code route.yaml}. Absent sections take the defaults below, so a file may name only its upstreams.
 *
 * @param version   names the rule set; it comes back in every routed response, so answers can be traced to the
 *                  rules that chose them when the file changes
 * @param threshold a request whose score is at or above it goes to the centre (0 sends all, above 1 none)
 * @param features  weights of the cheap features; the score is their weighted sum, capped at 1
 * @param escalate  which observable signals send an edge answer to the centre after all (non-streamed requests)
 * @param upstreams the centre: OpenAI-compatible endpoints, tried in order while their breaker lets calls through
 * @param breaker   the circuit breaker each upstream gets
 */
public record RouteConfig(String version, Double threshold, Features features, Escalation escalate,
        List<Upstream> upstreams, Breaker breaker) {

    public RouteConfig {
        if (threshold == null) threshold = 0.5;
        if (features == null) features = new Features(null, null, null, null, null, null, null, null, null);
        if (escalate == null) escalate = new Escalation(null, null, null, null);
        if (upstreams == null) upstreams = List.of();
        if (breaker == null) breaker = new Breaker(null, null, null, null);
    }

    /**
     * Weights of the features (each feature is in [0, 1]) and the sizes at which the graded ones saturate.
     *
     * @param promptLength       weight of the prompt's length, 1 at {@code longPromptTokens}
     * @param longPromptTokens   prompt size (estimated tokens: characters / 4) counted as fully long
     * @param math               weight of math markers ({@code \boxed}, "prove", equations)
     * @param code               weight of code markers (fences, "implement", "function")
     * @param multiStep          weight of multi-step markers ("step by step", several questions, tools offered)
     * @param maxTokens          weight of the requested {@code max_tokens}, 1 at {@code longAnswerTokens}
     * @param longAnswerTokens   requested answer size counted as fully long
     * @param conversation       weight of the conversation's length so far, 1 at {@code longConversationTurns}
     * @param longConversationTurns user turns counted as a fully long conversation
     */
    public record Features(Double promptLength, Integer longPromptTokens, Double math, Double code, Double multiStep,
            Double maxTokens, Integer longAnswerTokens, Double conversation, Integer longConversationTurns) {
        public Features {
            if (promptLength == null) promptLength = 0.3;
            if (longPromptTokens == null) longPromptTokens = 2000;
            if (math == null) math = 0.3;
            if (code == null) code = 0.2;
            if (multiStep == null) multiStep = 0.2;
            if (maxTokens == null) maxTokens = 0.2;
            if (longAnswerTokens == null) longAnswerTokens = 8192;
            if (conversation == null) conversation = 0.1;
            if (longConversationTurns == null) longConversationTurns = 8;
        }
    }

    /**
     * Cascade: after the edge answered a non-streamed request, any enabled signal sends it to the centre.
     *
     * @param missingBoxed   the prompt asked for {@code \boxed{}} and the answer has none
     * @param length         the edge stopped at {@code max_tokens} (finish_reason {@code length})
     * @param badToolCall    a tool call was required, or begun, and none parsed
     * @param minMeanLogprob the answer's mean token log-probability is below this (the edge computes them for the
     *                       signal even when the client asked for none); null disables the signal
     */
    public record Escalation(Boolean missingBoxed, Boolean length, Boolean badToolCall, Double minMeanLogprob) {
        public Escalation {
            if (missingBoxed == null) missingBoxed = true;
            if (length == null) length = true;
            if (badToolCall == null) badToolCall = true;
        }
    }

    /**
     * One OpenAI-compatible endpoint of the centre.
     *
     * @param name             names it in headers, metrics and logs
     * @param url              its base URL up to and including {@code /v1}
     * @param model            the model id sent upstream (null: the client's {@code model} unchanged)
     * @param apiKeyEnv        environment variable holding its key (sent as a bearer token, never logged)
     * @param connectTimeoutMs most time to open a connection
     * @param timeoutMs        most time for a whole non-streamed answer, or for a stream's response headers
     * @param retries          extra attempts after a failed one (connection errors, 429, 5xx)
     * @param retryBudgetMs    no attempt starts after this much time since the first began
     */
    public record Upstream(String name, String url, String model, String apiKeyEnv, Integer connectTimeoutMs,
            Integer timeoutMs, Integer retries, Integer retryBudgetMs) {
        public Upstream {
            if (connectTimeoutMs == null) connectTimeoutMs = 2000;
            if (timeoutMs == null) timeoutMs = 120_000;
            if (retries == null) retries = 1;
            if (retryBudgetMs == null) retryBudgetMs = 10_000;
        }
    }

    /**
     * Per-upstream circuit breaker (count-based sliding window).
     *
     * @param failureRatePercent opens when this share of the window's calls failed
     * @param windowCalls        calls in the sliding window
     * @param minimumCalls       calls needed before the rate is judged
     * @param openMs             how long it stays open before letting a probe through
     */
    public record Breaker(Integer failureRatePercent, Integer windowCalls, Integer minimumCalls, Integer openMs) {
        public Breaker {
            if (failureRatePercent == null) failureRatePercent = 50;
            if (windowCalls == null) windowCalls = 10;
            if (minimumCalls == null) minimumCalls = 4;
            if (openMs == null) openMs = 30_000;
        }
    }
}
