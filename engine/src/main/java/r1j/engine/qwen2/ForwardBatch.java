package r1j.engine.qwen2;

import r1j.engine.kv.SequenceKv;

/**
 * Tokens to run through the model in one forward pass, struct-of-arrays like llama.cpp's {@code llama_batch}.
 * Tokens of several sequences may be mixed (continuous batching); a sequence's tokens must appear in position order.
 *
 * @param tokens      token ids, {@code size} used
 * @param positions   position of each token in its sequence
 * @param caches      the KV cache of each token's sequence; capacity for the position must already be ensured
 * @param logitRows   indices into this batch of the tokens whose next-token logits are wanted
 */
public record ForwardBatch(int size, int[] tokens, int[] positions, SequenceKv[] caches, int[] logitRows) {

    public ForwardBatch {
        if (size < 1 || tokens.length < size || positions.length < size || caches.length < size) {
            throw new IllegalArgumentException("batch arrays shorter than size " + size);
        }
        for (int r : logitRows) {
            if (r < 0 || r >= size) throw new IllegalArgumentException("logit row " + r + " outside batch of " + size);
        }
    }

    /** A prompt chunk of one sequence starting at {@code start}, with logits for its last token only. */
    public static ForwardBatch prefill(SequenceKv kv, int[] tokens, int start) {
        int n = tokens.length;
        int[] positions = new int[n];
        SequenceKv[] caches = new SequenceKv[n];
        for (int i = 0; i < n; i++) {
            positions[i] = start + i;
            caches[i] = kv;
        }
        return new ForwardBatch(n, tokens, positions, caches, new int[] {n - 1});
    }

    /** Like {@link #prefill} but with logits at every position (tests, scoring). */
    public static ForwardBatch prefillAllLogits(SequenceKv kv, int[] tokens, int start) {
        ForwardBatch b = prefill(kv, tokens, start);
        int[] all = new int[tokens.length];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return new ForwardBatch(b.size, b.tokens, b.positions, b.caches, all);
    }
}
