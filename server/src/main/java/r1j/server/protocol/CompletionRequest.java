package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import r1j.engine.settings.RequestedSettings;

/**
 * {@code POST /v1/completions}: a raw prompt, no chat template. {@code prompt} is a string, an array of one
 * string, or an array of token ids. Fields in OpenAI's reference order, then vLLM's extras.
 */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        Integer bestOf,
        Boolean echo,
        Double frequencyPenalty,
        Map<String, Double> logitBias,
        Integer logprobs,
        Integer maxTokens,
        Integer n,
        Double presencePenalty,
        Long seed,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> stop,
        Boolean stream,
        StreamOptions streamOptions,
        String suffix,
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Double repetitionPenalty,
        Boolean ignoreEos,
        /** Most tokens to think when the prompt opens a think block: -1 unlimited, 0 no thinking. */
        Integer reasoningBudget) implements RequestedSettings {

    public boolean isStream() {
        return Boolean.TRUE.equals(stream);
    }
}
