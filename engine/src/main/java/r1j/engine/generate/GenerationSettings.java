package r1j.engine.generate;

import java.util.List;
import r1j.engine.sampling.SamplingParams;

/**
 * What to generate after a prompt.
 *
 * @param maxTokens most tokens to generate; the context window may end it sooner
 * @param stop      stop strings: generation ends before the first one, which is not part of the output
 * @param ignoreEos keep going past end-of-generation tokens (benchmarks)
 */
public record GenerationSettings(SamplingParams sampling, int maxTokens, List<String> stop, boolean ignoreEos) {
    public GenerationSettings {
        if (maxTokens < 0) throw new IllegalArgumentException("max tokens must be >= 0, got " + maxTokens);
        stop = List.copyOf(stop);
    }
}
