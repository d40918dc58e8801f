package r1j.engine.settings;

import java.util.List;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.sampling.InvalidSettingException;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * Turns what a caller asked for into engine settings, for every entry point (chat and text completions, stored
 * conversations, the CLI). Each value is resolved in one place in the order request, then the caller's default (the
 * model's recommendation, or OpenAI's), then OpenAI's default (vLLM's {@code to_sampling_params}). Every bad value
 * is an {@link InvalidSettingException} naming its field.
 */
public final class SettingsResolver {
    /** The caller's defaults, then OpenAI's: every field given. */
    private final SamplingOverrides samplingDefaults;
    private final int maxModelLen;
    private final int defaultReasoningBudget;
    private final SpeculativeConfig speculative;

    /** A resolver whose settings decode without speculation. */
    public SettingsResolver(SamplingOverrides samplingDefaults, int maxModelLen, int defaultReasoningBudget) {
        this(samplingDefaults, maxModelLen, defaultReasoningBudget, SpeculativeConfig.NONE);
    }

    /**
     * @param samplingDefaults       what fills sampling fields the request leaves out (before OpenAI's defaults)
     * @param maxModelLen            prompt plus generated tokens at most
     * @param defaultReasoningBudget thinking budget when a request names none (-1: unlimited)
     * @param speculative            speculative decoding of every request ({@code --speculative}); it never changes
     *                               the output, so it is the operator's choice, not a request field
     */
    public SettingsResolver(SamplingOverrides samplingDefaults, int maxModelLen, int defaultReasoningBudget,
            SpeculativeConfig speculative) {
        if (defaultReasoningBudget < GenerationSettings.UNLIMITED_REASONING) {
            throw new IllegalArgumentException("the default reasoning budget must be >= -1, got " + defaultReasoningBudget);
        }
        this.samplingDefaults = samplingDefaults.orElse(SamplingParams.OPENAI_DEFAULTS);
        this.maxModelLen = maxModelLen;
        this.defaultReasoningBudget = defaultReasoningBudget;
        this.speculative = speculative == null ? SpeculativeConfig.NONE : speculative;
    }

    public int maxModelLen() {
        return maxModelLen;
    }

    /**
     * Settings for a prompt of {@code promptTokens} tokens, which must leave room for at least one generated token;
     * a given max tokens must fit what is left.
     *
     * @param promptField the request field that holds the prompt ({@code messages}, {@code prompt}), for errors
     */
    public GenerationSettings resolve(RequestedSettings r, MaxTokensDefault byDefault, int promptTokens,
            String promptField) {
        int available = available(promptTokens, promptField);
        Integer requested = requestedMaxTokens(r);
        if (requested != null && requested > available) {
            String field = maxTokensField(r);
            throw new InvalidSettingException(field, "This model's maximum context length is " + maxModelLen
                    + " tokens. However, you requested " + (promptTokens + requested) + " tokens (" + promptTokens
                    + " in the prompt, " + requested + " for the completion). Lower " + field + " to at most "
                    + available + " or shorten the prompt.", "context_length_exceeded");
        }
        return settings(r, requested != null ? requested : byDefault.tokens(maxModelLen, available));
    }

    /**
     * As {@link #resolve}, but a given max tokens beyond what the context leaves is cut to it rather than refused:
     * an interactive chat's later turns have less room than its first, and the user's flag still means "at most".
     */
    public GenerationSettings resolveWithinContext(RequestedSettings r, MaxTokensDefault byDefault, int promptTokens,
            String promptField) {
        int available = available(promptTokens, promptField);
        Integer requested = requestedMaxTokens(r);
        return settings(r, requested != null ? Math.min(requested, available)
                : byDefault.tokens(maxModelLen, available));
    }

    /** The tokens the context leaves after the prompt, which must leave at least one. */
    private int available(int promptTokens, String promptField) {
        if (promptTokens >= maxModelLen) {
            throw new InvalidSettingException(promptField, "This model's maximum context length is " + maxModelLen
                    + " tokens, but the prompt has " + promptTokens + " tokens; it must leave room for at least one"
                    + " completion token.", "context_length_exceeded");
        }
        return maxModelLen - promptTokens;
    }

    /**
     * Settings for a reply whose prompt is planned later (a stored conversation fits its history around the reply):
     * max tokens defaults to {@link MaxTokensDefault#CONVERSATION_REPLY} and must leave room for a prompt.
     */
    public GenerationSettings resolveReply(RequestedSettings r) {
        return resolveReply(r, null);
    }

    /**
     * As {@link #resolveReply(RequestedSettings)}, with {@code preset}'s temperature in place of the model's default
     * when the request gives none (see {@link #presetApplies}); a null preset changes nothing.
     */
    public GenerationSettings resolveReply(RequestedSettings r, TaskPreset preset) {
        if (preset != null && presetApplies(r)) {
            r = new PresetApplied(r, preset);
        }
        Integer requested = requestedMaxTokens(r);
        if (requested != null && requested >= maxModelLen) {
            String field = maxTokensField(r);
            throw new InvalidSettingException(field, field + " must be below the context length of " + maxModelLen
                    + " tokens (the history and the new message need room too), got " + requested,
                    "context_length_exceeded");
        }
        return settings(r, requested != null ? requested
                : MaxTokensDefault.CONVERSATION_REPLY.tokens(maxModelLen, maxModelLen - 1));
    }

    /** What a request that sets nothing gets (a conversation reply's max tokens; no task preset). */
    public ModelDefaults defaults() {
        SamplingParams sampling = sampling(RequestedSettings.NONE);
        return new ModelDefaults(sampling.temperature(), sampling.topP(),
                MaxTokensDefault.CONVERSATION_REPLY.tokens(maxModelLen, maxModelLen - 1), defaultReasoningBudget);
    }

    /** Whether a task preset decides {@code r}'s temperature: only when the request names none itself. */
    public static boolean presetApplies(RequestedSettings r) {
        return r.temperature() == null;
    }

    /** Just the sampling of {@code r}, resolved by the same rules. */
    public SamplingParams sampling(RequestedSettings r) {
        Integer topK = r.topK();
        if (topK != null && topK < -1) {
            throw new InvalidSettingException("top_k", "top_k must be -1 or 0 (off) or a positive count, got " + topK);
        }
        SamplingOverrides d = samplingDefaults;
        return new SamplingParams(given(r.temperature(), d.temperature()), given(topK, d.topK()),
                given(r.topP(), d.topP()), given(r.minP(), d.minP()),
                given(r.repetitionPenalty(), d.repetitionPenalty()), given(r.presencePenalty(), d.presencePenalty()),
                given(r.frequencyPenalty(), d.frequencyPenalty()), given(r.seed(), d.seed()));
    }

    private static <T> T given(T requested, T byDefault) {
        return requested != null ? requested : byDefault;
    }

    private GenerationSettings settings(RequestedSettings r, int maxTokens) {
        int budget = ReasoningEffort.budgetOf(r.reasoningBudget(), r.reasoningEffort(), defaultReasoningBudget);
        return new GenerationSettings(sampling(r), maxTokens, stops(r.stop()), Boolean.TRUE.equals(r.ignoreEos()))
                .withReasoningBudget(budget).withSpeculative(speculative);
    }

    /** The given max tokens ({@code max_completion_tokens} first), checked to be at least 1; null when not given. */
    private static Integer requestedMaxTokens(RequestedSettings r) {
        Integer value = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        if (value != null && value < 1) {
            String field = maxTokensField(r);
            throw new InvalidSettingException(field, field + " must be at least 1, got " + value);
        }
        return value;
    }

    private static String maxTokensField(RequestedSettings r) {
        return r.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
    }

    private static List<String> stops(List<String> stop) {
        if (stop == null) return List.of();
        for (int i = 0; i < stop.size(); i++) {
            String s = stop.get(i);
            if (s == null || s.isEmpty()) {
                throw new InvalidSettingException("stop", "stop[" + i + "] must be a non-empty string");
            }
        }
        return List.copyOf(stop);
    }
}
