package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import r1j.engine.settings.RequestedSettings;

/**
 * {@code POST /v1/chat/completions}. Fields in the order of OpenAI's API reference, then the extras vLLM and r1j
 * accept. Fields not listed (user, store, metadata, service_tier, ...) are ignored. The generation fields are read
 * by the engine's settings resolver straight from this record.
 */
public record ChatCompletionRequest(
        List<ChatMessage> messages,
        String model,
        Double frequencyPenalty,
        JsonNode functionCall,
        List<JsonNode> functions,
        Map<String, Double> logitBias,
        Boolean logprobs,
        Integer maxCompletionTokens,
        Integer maxTokens,
        Integer n,
        Double presencePenalty,
        /** {@code low}, {@code medium} or {@code high}: a thinking budget by name (see the README). */
        String reasoningEffort,
        JsonNode responseFormat,
        Long seed,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> stop,
        Boolean stream,
        StreamOptions streamOptions,
        Double temperature,
        JsonNode toolChoice,
        List<JsonNode> tools,
        Integer topLogprobs,
        Double topP,
        // Extras (vLLM's names): sampling knobs OpenAI does not have.
        Integer topK,
        Double minP,
        Double repetitionPenalty,
        Boolean ignoreEos,
        // Extras (llama.cpp's names): thinking.
        /** Most tokens to think: -1 unlimited, 0 no thinking; then {@code </think>} is forced. */
        Integer reasoningBudget,
        /** {@code deepseek}: thinking in {@code reasoning_content}; {@code none}: left inline in {@code content}. */
        String reasoningFormat,
        // Extras (r1j): per-request switches of the server's usage rules.
        /** false: return no {@code reasoning_content} (OpenRouter's name for it). */
        Boolean includeReasoning,
        /** Overrides the server's system-prompt policy: true folds system text into the first user turn. */
        Boolean foldSystemPrompt,
        /** A stored conversation's id: the last user message is appended to it (history comes from the store). */
        String conversation) implements RequestedSettings {

    public boolean isStream() {
        return Boolean.TRUE.equals(stream);
    }
}
