package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A text completion, or one streamed chunk of it (the same shape, as OpenAI streams them). */
public record Completion(
        String id, String object, long created, String model, List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    public Completion(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, "text_completion", created, model, choices, usage);
    }

    public record Choice(String text, int index, CompletionLogprobs logprobs, String finishReason) {}
}
