package r1j.engine.generate;

import java.util.List;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.sampling.SamplingParams;

/**
 * What to generate after a prompt.
 *
 * @param maxTokens  most tokens to generate; the context window may end it sooner
 * @param stop       stop strings: generation ends before the first one, which is not part of the output
 * @param ignoreEos  keep going past end-of-generation tokens (benchmarks)
 * @param constraint tokens the output may use (constrained decoding), or null for none; it is stateful, so give
 *                   each generation its own. Generation ends when it is complete.
 * @param logprobs   {@link #NO_LOGPROBS}: none; 0: each generated token's log-probability ({@link TokenLogprobs});
 *                   k > 0: also the k most likely alternatives (at most {@link #MAX_TOP_LOGPROBS})
 */
public record GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos,
        TokenConstraint constraint, int logprobs) {
    public static final int NO_LOGPROBS = -1;
    public static final int MAX_TOP_LOGPROBS = 20;

    public GenerationSettings {
        if (maxTokens < 0) throw new IllegalArgumentException("max tokens must be >= 0, got " + maxTokens);
        if (logprobs < NO_LOGPROBS || logprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("logprobs must be in [-1, " + MAX_TOP_LOGPROBS + "], got " + logprobs);
        }
        stop = List.copyOf(stop);
    }

    /** Without log-probabilities. */
    public GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos,
            TokenConstraint constraint) {
        this(sampling, maxTokens, stop, ignoreEos, constraint, NO_LOGPROBS);
    }

    /** Unconstrained generation. */
    public GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos) {
        this(sampling, maxTokens, stop, ignoreEos, null);
    }

    public GenerationSettings withConstraint(TokenConstraint value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, value, logprobs);
    }

    public GenerationSettings withLogprobs(int value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, constraint, value);
    }

    public GenerationSettings withSampling(SamplingParams value) {
        return new GenerationSettings(value, maxTokens, stop, ignoreEos, constraint, logprobs);
    }
}
