package r1j.engine.runtime;

import r1j.engine.generate.GenerationSettings;

/**
 * One sequence to generate, already tokenized and validated.
 *
 * @param prompt prompt token ids, BOS included
 */
public record GenerationRequest(int[] prompt, GenerationSettings settings) {
    public GenerationRequest {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
    }
}
