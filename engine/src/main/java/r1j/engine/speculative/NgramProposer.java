package r1j.engine.speculative;

/**
 * Drafts a sequence's next tokens by prompt lookup: take the sequence's last {@code n} tokens (longest n first, from
 * {@code ngramMax} down to {@code ngramMin}), find their latest earlier occurrence in the prompt or the text so far,
 * and propose the tokens that followed it. Text that repeats (a quoted paragraph, code being edited, a list being
 * re-read) continues as it did before, so the guesses are often right; elsewhere nothing matches and nothing is
 * drafted. The latest occurrence is used because nearby text predicts the continuation best.
 *
 * <p>Deterministic and stateless: the draft depends only on the tokens, so a sequence drafts the same guesses
 * alone or in a batch. The scan is linear in the sequence length per n-gram length, a few microseconds for
 * thousands of tokens, against the milliseconds of a forward pass.
 */
public final class NgramProposer {
    private final SpeculativeConfig config;

    public NgramProposer(SpeculativeConfig config) {
        if (!config.enabled()) throw new IllegalArgumentException("an n-gram proposer needs the ngram method");
        this.config = config;
    }

    /**
     * Writes at most {@code min(maxDraft, out.length)} draft tokens to {@code out} and returns how many.
     *
     * @param tokens the sequence (prompt then generated tokens), {@code length} of them used
     */
    public int propose(int[] tokens, int length, int maxDraft, int[] out) {
        int limit = Math.min(Math.min(maxDraft, config.draftMax()), out.length);
        if (limit <= 0) return 0;
        for (int n = Math.min(config.ngramMax(), length - 1); n >= config.ngramMin(); n--) {
            int match = latestEarlierOccurrence(tokens, length, n);
            if (match < 0) continue;
            // The continuation starts right after the match and may run into the suffix itself (a repeating cycle).
            int from = match + n;
            int count = Math.min(limit, length - from);
            System.arraycopy(tokens, from, out, 0, count);
            return count;
        }
        return 0;
    }

    /** Start of the latest occurrence of the last {@code n} tokens that ends before the sequence does, or -1. */
    private static int latestEarlierOccurrence(int[] tokens, int length, int n) {
        int suffix = length - n;
        for (int start = suffix - 1; start >= 0; start--) {
            int k = 0;
            while (k < n && tokens[start + k] == tokens[suffix + k]) k++;
            if (k == n) return start;
        }
        return -1;
    }
}
