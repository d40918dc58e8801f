package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The non-streamed chat answer, fields in the order OpenAI's responses have them. */
public record ChatCompletion(
        String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public ChatCompletion(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, "chat.completion", created, model, choices, usage);
    }

    /** {@code logprobs} is null unless the request asked for them. */
    public record Choice(int index, Message message, ChatLogprobs logprobs, String finishReason) {}

    /**
     * {@code content} is null when the answer is empty (e.g. the reasoning never closed, or it only called tools);
     * {@code tool_calls} is left out when there are none, as OpenAI does.
     */
    public record Message(String role, String content, String reasoningContent,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallJson> toolCalls) {}
}
