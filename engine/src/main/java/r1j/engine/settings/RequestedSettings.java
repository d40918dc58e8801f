package r1j.engine.settings;

import java.util.List;
import r1j.engine.sampling.SamplingOverrides;

/**
 * What one caller asked for, every field optional (null: not given). The server's request bodies, conversation
 * messages and the CLI's flags all become one of these; {@link SettingsResolver} fills the gaps and checks ranges.
 *
 * @param sampling            temperature, top-p and the other sampling knobs
 * @param maxTokens           {@code max_tokens}
 * @param maxCompletionTokens {@code max_completion_tokens}, OpenAI's newer name for it (wins when both are given)
 * @param stop                stop strings
 * @param ignoreEos           keep going past end-of-generation tokens
 * @param reasoningBudget     most tokens to think: -1 unlimited, 0 no thinking
 * @param reasoningEffort     {@code low}, {@code medium} or {@code high}: a budget by name (see {@link ReasoningEffort})
 */
public record RequestedSettings(
        SamplingOverrides sampling,
        Integer maxTokens,
        Integer maxCompletionTokens,
        List<String> stop,
        Boolean ignoreEos,
        Integer reasoningBudget,
        String reasoningEffort) {

    public static final RequestedSettings NONE = new RequestedSettings(SamplingOverrides.NONE, null, null, null, null,
            null, null);

    public RequestedSettings {
        if (sampling == null) sampling = SamplingOverrides.NONE;
    }

    public RequestedSettings withMaxTokens(Integer value) {
        return new RequestedSettings(sampling, value, maxCompletionTokens, stop, ignoreEos, reasoningBudget,
                reasoningEffort);
    }
}
