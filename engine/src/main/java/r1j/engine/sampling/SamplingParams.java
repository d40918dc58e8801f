package r1j.engine.sampling;

/**
 * How the next token of one sequence is chosen. Every knob has an "off" value, so a value always means the same
 * thing whether or not the user set it.
 *
 * @param temperature       0 = greedy (argmax, lowest id on exact ties); otherwise logits are divided by it
 * @param topK              keep the k most likely tokens; 0 = off (negative values are read as 0)
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p; 1 = off
 * @param minP              drop tokens less likely than {@code minP} times the most likely one; 0 = off
 * @param repetitionPenalty HF/vLLM multiplicative penalty over prompt and generated tokens; 1 = off
 * @param presencePenalty   OpenAI: subtracted once from every token generated so far; 0 = off
 * @param frequencyPenalty  OpenAI: subtracted per occurrence of a token generated so far; 0 = off
 * @param seed              the random generator's seed; null = a fresh random seed per sampler
 */
public record SamplingParams(
        double temperature,
        int topK,
        double topP,
        double minP,
        double repetitionPenalty,
        double presencePenalty,
        double frequencyPenalty,
        Long seed) {

    /** What the OpenAI API does when a request leaves a field out (and the model gives no default). */
    public static final SamplingOverrides OPENAI_DEFAULTS = SamplingOverrides.builder()
            .temperature(1.0).topK(0).topP(1.0).minP(0.0).repetitionPenalty(1.0)
            .presencePenalty(0.0).frequencyPenalty(0.0)
            .build();

    private static final double MAX_OPENAI_PENALTY = 2.0;

    public SamplingParams {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new InvalidSettingException("temperature", "temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) topK = 0;
        if (!(topP > 0 && topP <= 1)) {
            throw new InvalidSettingException("top_p", "top_p must be in (0, 1] (1 = off), got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new InvalidSettingException("min_p", "min_p must be in [0, 1] (0 = off), got " + minP);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new InvalidSettingException("repetition_penalty", "repetition_penalty must be a finite number > 0 (1 = off), got "
                    + repetitionPenalty);
        }
        if (!(Math.abs(presencePenalty) <= MAX_OPENAI_PENALTY)) {
            throw new InvalidSettingException("presence_penalty", "presence_penalty must be in [-2, 2], got " + presencePenalty);
        }
        if (!(Math.abs(frequencyPenalty) <= MAX_OPENAI_PENALTY)) {
            throw new InvalidSettingException("frequency_penalty", "frequency_penalty must be in [-2, 2], got " + frequencyPenalty);
        }
    }

    /** Argmax with no penalties: the deterministic choice the reference fixtures are made with. */
    public static SamplingParams greedy() {
        return of(SamplingOverrides.builder().temperature(0.0).build());
    }

    /** {@code given} where set, OpenAI defaults elsewhere. */
    public static SamplingParams of(SamplingOverrides given) {
        return withDefaults(given, SamplingOverrides.NONE);
    }

    /**
     * Merges the sources a server has: the request's value wins, then the model's default (its
     * {@code generation_config.json}, e.g. temperature 0.6 and top_p 0.95), then the OpenAI default.
     */
    public static SamplingParams withDefaults(SamplingOverrides request, SamplingOverrides modelDefaults) {
        SamplingOverrides m = request.orElse(modelDefaults).orElse(OPENAI_DEFAULTS);
        return new SamplingParams(m.temperature(), m.topK(), m.topP(), m.minP(), m.repetitionPenalty(),
                m.presencePenalty(), m.frequencyPenalty(), m.seed());
    }

    /** The same sampling with another seed. */
    public SamplingParams withSeed(Long value) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, frequencyPenalty,
                value);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    boolean hasPenalties() {
        return repetitionPenalty != 1 || presencePenalty != 0 || frequencyPenalty != 0;
    }
}
