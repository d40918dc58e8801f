package r1j.engine.generate;

import java.util.List;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.sampling.InvalidSettingException;
import r1j.engine.sampling.SamplingParams;
import r1j.engine.speculative.SpeculativeConfig;

/**
 * What to generate after a prompt.
 *
 * @param maxTokens       most tokens to generate, thinking included; the context window may end it sooner
 * @param stop            stop strings: generation ends before the first one, which is not part of the output
 * @param ignoreEos       keep going past end-of-generation tokens (benchmarks)
 * @param constraint      tokens the output may use (constrained decoding), or null for none; it is stateful, so give
 *                        each generation its own. Generation ends when it is complete.
 * @param logprobs        {@link #NO_LOGPROBS}: none; 0: each generated token's log-probability ({@link TokenLogprobs});
 *                        k > 0: also the k most likely alternatives (at most {@link #MAX_TOP_LOGPROBS})
 * @param reasoningBudget most tokens to think ({@link #UNLIMITED_REASONING}: no limit; 0: no thinking): once spent,
 *                        {@code </think>} is forced and the answer begins
 * @param speculative     draft tokens ahead and check them in one pass ({@link SpeculativeConfig#NONE}: off); the
 *                        output is the same either way, only faster when drafts are accepted
 */
public record GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos,
        TokenConstraint constraint, int logprobs, int reasoningBudget, SpeculativeConfig speculative) {
    public static final int NO_LOGPROBS = -1;
    public static final int MAX_TOP_LOGPROBS = 20;
    public static final int UNLIMITED_REASONING = -1;

    public GenerationSettings {
        if (maxTokens < 0) throw new InvalidSettingException("max_tokens", "max_tokens must be >= 0, got " + maxTokens);
        if (logprobs < NO_LOGPROBS || logprobs > MAX_TOP_LOGPROBS) {
            throw new InvalidSettingException("top_logprobs", "top_logprobs must be in [0, " + MAX_TOP_LOGPROBS
                    + "], got " + logprobs);
        }
        if (reasoningBudget < UNLIMITED_REASONING) {
            throw new InvalidSettingException("reasoning_budget", "reasoning_budget must be -1 (unlimited), 0 (no"
                    + " thinking) or a positive number of tokens, got " + reasoningBudget);
        }
        stop = List.copyOf(stop);
        if (speculative == null) speculative = SpeculativeConfig.NONE;
    }

    /** Settings without speculative decoding. */
    public GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos,
            TokenConstraint constraint, int logprobs, int reasoningBudget) {
        this(sampling, maxTokens, stop, ignoreEos, constraint, logprobs, reasoningBudget, SpeculativeConfig.NONE);
    }

    /** Unconstrained generation without log-probabilities, thinking as long as it likes. */
    public GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos) {
        this(sampling, maxTokens, stop, ignoreEos, null, NO_LOGPROBS, UNLIMITED_REASONING, SpeculativeConfig.NONE);
    }

    public GenerationSettings withConstraint(TokenConstraint value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, value, logprobs, reasoningBudget, speculative);
    }

    public GenerationSettings withLogprobs(int value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, constraint, value, reasoningBudget, speculative);
    }

    public GenerationSettings withMaxTokens(int value) {
        return new GenerationSettings(sampling, value, stop, ignoreEos, constraint, logprobs, reasoningBudget, speculative);
    }

    public GenerationSettings withReasoningBudget(int value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, constraint, logprobs, value, speculative);
    }

    /**
     * The settings of the {@code index}-th of a request's choices: with a seed, choice i samples with seed + i, so the
     * choices differ and each is reproducible (vLLM's {@code n} with a seed does the same); without one, each sampler
     * draws its own random seed anyway.
     */
    public GenerationSettings forChoice(int index) {
        if (index == 0 || sampling.seed() == null) return this;
        return new GenerationSettings(sampling.withSeed(sampling.seed() + index), maxTokens, stop, ignoreEos,
                constraint, logprobs, reasoningBudget, speculative);
    }

    public GenerationSettings withSpeculative(SpeculativeConfig value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, constraint, logprobs, reasoningBudget, value);
    }
}
