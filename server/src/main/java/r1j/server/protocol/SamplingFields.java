package r1j.server.protocol;

import java.util.List;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.settings.RequestedSettings;

/**
 * The generation fields every generating request shares (chat and text completions, conversation messages); the
 * request records implement it through their accessors, so one resolver turns any of them into engine settings.
 * Fields a request does not have answer null.
 */
public interface SamplingFields {
    Double temperature();

    Double topP();

    Integer topK();

    Double minP();

    Double presencePenalty();

    Double frequencyPenalty();

    Double repetitionPenalty();

    Long seed();

    Integer maxTokens();

    default Integer maxCompletionTokens() {
        return null;
    }

    default List<String> stop() {
        return null;
    }

    default Boolean ignoreEos() {
        return null;
    }

    /** Most tokens to think: -1 unlimited, 0 no thinking (llama.cpp's {@code reasoning_budget}). */
    default Integer reasoningBudget() {
        return null;
    }

    /** OpenAI's {@code low}, {@code medium}, {@code high}: a thinking budget by name. */
    default String reasoningEffort() {
        return null;
    }

    /** These fields as the engine's request-to-settings resolver takes them. */
    default RequestedSettings requested() {
        SamplingOverrides sampling = SamplingOverrides.builder()
                .temperature(temperature()).topP(topP()).topK(topK()).minP(minP())
                .repetitionPenalty(repetitionPenalty()).presencePenalty(presencePenalty())
                .frequencyPenalty(frequencyPenalty()).seed(seed())
                .build();
        return new RequestedSettings(sampling, maxTokens(), maxCompletionTokens(), stop(), ignoreEos(),
                reasoningBudget(), reasoningEffort());
    }
}
