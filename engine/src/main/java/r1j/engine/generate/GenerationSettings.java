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
 */
public record GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos,
        TokenConstraint constraint) {
    public GenerationSettings {
        if (maxTokens < 0) throw new IllegalArgumentException("max tokens must be >= 0, got " + maxTokens);
        stop = List.copyOf(stop);
    }

    /** Unconstrained generation. */
    public GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos) {
        this(sampling, maxTokens, stop, ignoreEos, null);
    }

    public GenerationSettings withConstraint(TokenConstraint value) {
        return new GenerationSettings(sampling, maxTokens, stop, ignoreEos, value);
    }
}
