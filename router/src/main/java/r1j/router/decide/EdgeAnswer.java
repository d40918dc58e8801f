package r1j.router.decide;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What escalation looks at in the edge's answer (the first choice of a chat completion).
 *
 * @param content          the answer's text (empty when none)
 * @param finishReason     {@code stop}, {@code length}, {@code tool_calls}...
 * @param toolCalls        parsed tool calls in the answer
 * @param meanLogprob      mean token log-probability of the answer, NaN when it carries none
 */
public record EdgeAnswer(String content, String finishReason, int toolCalls, double meanLogprob) {

    /** Reads an OpenAI chat completion body. */
    public static EdgeAnswer of(JsonNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        double sum = 0;
        int n = 0;
        for (JsonNode t : choice.path("logprobs").path("content")) {
            if (t.path("logprob").isNumber()) {
                sum += t.path("logprob").asDouble();
                n++;
            }
        }
        return new EdgeAnswer(message.path("content").asText(""), choice.path("finish_reason").asText(""),
                message.path("tool_calls").size(), n == 0 ? Double.NaN : sum / n);
    }
}
