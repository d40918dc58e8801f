package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One {@code data:} event of a streamed chat answer. */
public record ChatCompletionChunk(
        String id, String object, long created, String model, List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    public ChatCompletionChunk(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, "chat.completion.chunk", created, model, choices, usage);
    }

    public record Choice(int index, Delta delta, ChatLogprobs logprobs, String finishReason) {}

    /** Only the fields that changed: role in the first chunk, then reasoning, content or tool-call pieces. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content, String reasoningContent, List<ToolCallJson> toolCalls) {
        public Delta(String role, String content, String reasoningContent) {
            this(role, content, reasoningContent, null);
        }
    }
}
