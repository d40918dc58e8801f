package r1j.engine.generate;

/**
 * Log-probabilities of one generated token under the model's own distribution (the raw logits' log-softmax, before
 * temperature, penalties or constraints: what OpenAI's {@code logprobs} report).
 *
 * @param token       the chosen token
 * @param logprob     its log-probability
 * @param topTokens   the most likely tokens, most likely first (may be empty)
 * @param topLogprobs their log-probabilities
 */
public record TokenLogprobs(int token, float logprob, int[] topTokens, float[] topLogprobs) {
    public TokenLogprobs {
        if (topTokens.length != topLogprobs.length) {
            throw new IllegalArgumentException("top tokens and their log-probabilities differ in length");
        }
    }

    /** Computes them from {@code logits[offset .. offset+vocab)}, keeping the {@code top} most likely. */
    public static TokenLogprobs of(float[] logits, int offset, int vocab, int token, int top) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i] - max);
        double logZ = max + Math.log(sum);
        int k = Math.min(Math.max(top, 0), vocab);
        // Insertion into a small sorted array: k is at most 20, the vocabulary is scanned once.
        int[] ids = new int[k];
        float[] values = new float[k];
        int filled = 0;
        for (int i = 0; i < vocab && k > 0; i++) {
            float v = logits[offset + i];
            if (filled == k && v <= values[k - 1]) continue;
            int at = filled < k ? filled++ : k - 1;
            while (at > 0 && values[at - 1] < v) {
                values[at] = values[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            values[at] = v;
            ids[at] = i;
        }
        float[] topLogprobs = new float[k];
        for (int i = 0; i < k; i++) topLogprobs[i] = (float) (values[i] - logZ);
        return new TokenLogprobs(token, (float) (logits[offset + token] - logZ), ids, topLogprobs);
    }
}
