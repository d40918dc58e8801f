package r1j.engine.sampling;

/**
 * Repetition, presence and frequency penalties. Must run first, on the whole vocabulary in id order.
 *
 * <p>Repetition penalty as in Hugging Face and vLLM: every token seen in the prompt or the output so far has its
 * logit divided by the penalty when positive and multiplied when negative (a penalty above 1 always makes it less
 * likely). Presence and frequency as in the OpenAI API, over generated tokens only:
 * {@code logit -= presence * (count > 0) + frequency * count}.
 *
 * <p>Counts are kept per id in arrays sized once; only the ids actually seen are visited per token.
 */
final class Penalties implements SamplerStage {

    private final float repetition;
    private final float presence;
    private final float frequency;
    private final int[] outputCounts;
    private final boolean[] inPrompt;
    /** Distinct ids with a non-zero count or prompt mark, so resetting and applying never scan the vocabulary. */
    private int[] outputSeen = new int[64];
    private int outputSeenCount;
    private int[] promptSeen = new int[64];
    private int promptSeenCount;

    Penalties(SamplingParams params, int vocabSize) {
        this.repetition = (float) params.repetitionPenalty();
        this.presence = (float) params.presencePenalty();
        this.frequency = (float) params.frequencyPenalty();
        this.outputCounts = new int[vocabSize];
        this.inPrompt = new boolean[vocabSize];
    }

    @Override
    public void reset(int[] prompt) {
        for (int i = 0; i < outputSeenCount; i++) outputCounts[outputSeen[i]] = 0;
        for (int i = 0; i < promptSeenCount; i++) inPrompt[promptSeen[i]] = false;
        outputSeenCount = 0;
        promptSeenCount = 0;
        for (int token : prompt) {
            checkToken(token);
            if (!inPrompt[token]) {
                inPrompt[token] = true;
                promptSeen = append(promptSeen, promptSeenCount++, token);
            }
        }
    }

    @Override
    public void accept(int token) {
        checkToken(token);
        if (outputCounts[token]++ == 0) outputSeen = append(outputSeen, outputSeenCount++, token);
    }

    @Override
    public void apply(Candidates c) {
        if (repetition != 1) {
            for (int i = 0; i < promptSeenCount; i++) repeat(c, promptSeen[i]);
            for (int i = 0; i < outputSeenCount; i++) {
                if (!inPrompt[outputSeen[i]]) repeat(c, outputSeen[i]);
            }
        }
        if (presence != 0 || frequency != 0) {
            for (int i = 0; i < outputSeenCount; i++) {
                int token = outputSeen[i];
                if (token < c.size) c.logits[token] -= presence + frequency * outputCounts[token];
            }
        }
    }

    /** The logit array is indexed by id here: this stage runs before anything reorders the candidates. */
    private void repeat(Candidates c, int token) {
        if (token >= c.size) return;
        float logit = c.logits[token];
        c.logits[token] = logit > 0 ? logit / repetition : logit * repetition;
    }

    private void checkToken(int token) {
        if (token < 0 || token >= outputCounts.length) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of "
                    + outputCounts.length);
        }
    }

    private static int[] append(int[] list, int at, int value) {
        if (at == list.length) list = java.util.Arrays.copyOf(list, list.length * 2);
        list[at] = value;
        return list;
    }
}
