package r1j.server.protocol;

import java.util.List;

/** The non-streamed chat answer, fields in the order OpenAI's responses have them. */
public record ChatCompletion(
        String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public ChatCompletion(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, "chat.completion", created, model, choices, usage);
    }

    /** {@code logprobs} is always null until log-probabilities are implemented. */
    public record Choice(int index, Message message, Object logprobs, String finishReason) {}

    /** {@code content} is null when the answer is empty (e.g. the reasoning never closed). */
    public record Message(String role, String content, String reasoningContent) {}
}
