package r1j.engine.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Chooses the next token of one sequence from its logits. One instance per sequence, used by one thread at a time.
 *
 * <p>The chain is Hugging Face's and vLLM's order: penalties, temperature, top-k, top-p, min-p, then a draw from the
 * softmax of what is left. Temperature 0 is greedy: penalties, then the argmax, the lowest id winning an exact tie
 * (top-k, top-p and min-p always keep the argmax, so they cannot change that choice and are skipped).
 *
 * <p>All vocabulary-sized buffers are allocated here, once; {@link #sample} allocates nothing. The random
 * generator is L64X128MixRandom seeded from {@link SamplingParams#seed()} (or a random seed, see {@link #seed()}),
 * so the same seed, prompt and logits give the same tokens, and {@link #reset} starts the stream again.
 */
public final class Sampler {

    /** A splittable LXM generator: fast, well-distributed, and its output for a given seed is specified. */
    private static final RandomGeneratorFactory<RandomGenerator> RANDOM = RandomGeneratorFactory.of("L64X128MixRandom");

    private final SamplingParams params;
    private final long seed;
    private final Candidates candidates;
    private final Penalties penalties;
    /** The stages after penalties, only those the params switch on. */
    private final List<SamplerStage> filters = new ArrayList<>();
    private RandomGenerator random;

    /** A sampler for a sequence with an empty prompt. */
    public Sampler(SamplingParams params, int vocabSize) {
        this(params, vocabSize, new int[0]);
    }

    /**
     * @param vocabSize the largest vocabulary {@link #sample} will be given (the logits row length)
     * @param prompt    the prompt tokens, which the repetition penalty counts as seen (as vLLM does)
     */
    public Sampler(SamplingParams params, int vocabSize, int[] prompt) {
        if (vocabSize <= 0) throw new IllegalArgumentException("vocabulary size must be positive, got " + vocabSize);
        this.params = params;
        this.seed = params.seed() != null ? params.seed() : ThreadLocalRandom.current().nextLong();
        this.candidates = new Candidates(vocabSize);
        this.penalties = params.hasPenalties() ? new Penalties(params, vocabSize) : null;
        if (!params.isGreedy()) {
            // Temperature first, as Hugging Face and vLLM apply it: the model's recommended top-p 0.95 comes from its
            // generation_config.json, whose semantics are Hugging Face's (llama.cpp's default chain tempers last).
            filters.add(new Temperature(params.temperature()));
            if (params.topK() > 0) filters.add(new TopK(params.topK()));
            if (params.topP() < 1) filters.add(new TopP(params.topP()));
            if (params.minP() > 0) filters.add(new MinP(params.minP()));
        }
        reset(prompt);
    }

    public SamplingParams params() {
        return params;
    }

    /** The seed in use: the requested one, or the random one chosen at construction (log it to reproduce a run). */
    public long seed() {
        return seed;
    }

    /** Starts a new sequence: forgets generated tokens, remembers {@code prompt}, restarts the random stream. */
    public void reset(int[] prompt) {
        if (penalties != null) penalties.reset(prompt);
        random = RANDOM.create(seed);
    }

    /** Records a token appended to the sequence (sampled here or forced by the caller) for the penalties. */
    public void accept(int token) {
        if (penalties != null) penalties.accept(token);
    }

    /**
     * Picks a token from {@code logits[0, vocabSize)}; the array is not modified. Does not {@link #accept} it:
     * the caller does, once the token is really part of the sequence.
     */
    public int sample(float[] logits, int vocabSize) {
        if (vocabSize <= 0 || vocabSize > candidates.capacity() || vocabSize > logits.length) {
            throw new IllegalArgumentException("vocabulary size " + vocabSize + " must be in [1, "
                    + Math.min(candidates.capacity(), logits.length) + "] (sampler capacity "
                    + candidates.capacity() + ", logits length " + logits.length + ")");
        }
        if (params.isGreedy() && penalties == null) return argmax(logits, vocabSize);
        Candidates c = candidates;
        c.fill(logits, vocabSize);
        if (penalties != null) penalties.apply(c);
        if (params.isGreedy()) return argmax(c.logits, vocabSize);
        for (SamplerStage stage : filters) stage.apply(c);
        return draw(c);
    }

    /** First index of the largest value: the lowest id wins an exact tie. NaN never wins. */
    private static int argmax(float[] logits, int n) {
        int best = 0;
        float bestLogit = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (logits[i] > bestLogit) {
                bestLogit = logits[i];
                best = i;
            }
        }
        return best;
    }

    /** Softmax of the remaining candidates and one draw by inverse CDF. */
    private int draw(Candidates c) {
        float max = c.maxLogit();
        if (max == Float.NEGATIVE_INFINITY) return lowestId(c); // every token is impossible: be deterministic
        double total = c.computeWeights(max);
        double u = random.nextDouble() * total;
        double cumulative = 0;
        int lastPossible = 0;
        for (int i = 0; i < c.size; i++) {
            if (c.weights[i] == 0) continue;
            cumulative += c.weights[i];
            lastPossible = i;
            if (u < cumulative) return c.ids[i];
        }
        return c.ids[lastPossible]; // u within rounding of total
    }

    private static int lowestId(Candidates c) {
        int lowest = Integer.MAX_VALUE;
        for (int i = 0; i < c.size; i++) lowest = Math.min(lowest, c.ids[i]);
        return lowest;
    }
}
