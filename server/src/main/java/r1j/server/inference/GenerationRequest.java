package r1j.server.inference;

import r1j.engine.generate.GenerationSettings;

/**
 * One sequence to generate, already tokenized and validated: what the HTTP layer hands the engine.
 *
 * @param id     the response id, for logs and (later) aborts by id
 * @param prompt prompt token ids, BOS included
 */
public record GenerationRequest(String id, int[] prompt, GenerationSettings settings) {
    public GenerationRequest {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
    }
}
