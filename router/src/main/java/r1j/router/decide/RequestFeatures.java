package r1j.router.decide;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What the router knows of a chat request before generating, all cheap to compute from its JSON.
 *
 * @param promptChars     characters of every message's text (tokens are estimated as characters / 4: the router
 *                        does not tokenize, so it also serves requests for models it has no tokenizer of)
 * @param math            math markers, 0..1
 * @param code            code markers, 0..1
 * @param multiStep       multi-step markers or tools offered, 0..1
 * @param maxTokens       the requested {@code max_tokens} / {@code max_completion_tokens}; 0 when not given
 * @param userTurns       user messages so far (the conversation's length as the client tracks it)
 * @param asksForBoxed    the prompt asks for a {@code \boxed{}} answer
 * @param toolCallExpected {@code tool_choice} is {@code required} or names a function
 * @param toolsOffered    the request offers tools
 * @param stream          the client wants a stream (decided up front, never escalated)
 */
public record RequestFeatures(int promptChars, double math, double code, double multiStep, int maxTokens,
        int userTurns, boolean asksForBoxed, boolean toolCallExpected, boolean toolsOffered, boolean stream) {

    /** The features of an OpenAI chat completions request body. */
    public static RequestFeatures of(JsonNode request) {
        StringBuilder text = new StringBuilder();
        int userTurns = 0;
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) userTurns++;
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                text.append(content.asText()).append('\n');
            } else {
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) text.append(part.path("text").asText()).append('\n');
                }
            }
        }
        String all = text.toString();
        String lower = all.toLowerCase(Locale.ROOT);
        boolean tools = request.path("tools").isArray() && !request.path("tools").isEmpty();
        JsonNode choice = request.path("tool_choice");
        boolean expected = tools && (choice.isObject() || "required".equals(choice.asText()));
        JsonNode max = request.hasNonNull("max_completion_tokens") ? request.get("max_completion_tokens")
                : request.path("max_tokens");
        double multiStep = Math.max(Markers.multiStep(lower), tools ? 0.5 : 0.0);
        return new RequestFeatures(all.length(), Markers.math(lower), Markers.code(lower), multiStep,
                max.canConvertToInt() ? Math.max(0, max.asInt()) : 0, userTurns, Markers.asksForBoxed(all), expected,
                tools, request.path("stream").asBoolean(false));
    }

    /** Estimated prompt tokens. */
    public int promptTokens() {
        return (promptChars + 3) / 4;
    }
}
