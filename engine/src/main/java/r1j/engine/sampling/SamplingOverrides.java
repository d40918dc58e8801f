package r1j.engine.sampling;

/**
 * Sampling settings that one source gives and others may not: a model's {@code generation_config.json} (or its GGUF
 * sampling keys), OpenAI's defaults, or a test's settings. {@code null} means "not given here" and lets the next
 * source decide ({@link SamplingParams#withDefaults}). Callers' requests are not copied into one: the settings
 * resolver reads them as {@code RequestedSettings}. Values are validated once merged, by {@link SamplingParams}.
 */
public record SamplingOverrides(
        Double temperature,
        Integer topK,
        Double topP,
        Double minP,
        Double repetitionPenalty,
        Double presencePenalty,
        Double frequencyPenalty,
        Long seed) {

    public static final SamplingOverrides NONE = builder().build();

    /** Field by field: this value where given, else {@code fallback}'s. */
    public SamplingOverrides orElse(SamplingOverrides fallback) {
        return new SamplingOverrides(
                temperature != null ? temperature : fallback.temperature,
                topK != null ? topK : fallback.topK,
                topP != null ? topP : fallback.topP,
                minP != null ? minP : fallback.minP,
                repetitionPenalty != null ? repetitionPenalty : fallback.repetitionPenalty,
                presencePenalty != null ? presencePenalty : fallback.presencePenalty,
                frequencyPenalty != null ? frequencyPenalty : fallback.frequencyPenalty,
                seed != null ? seed : fallback.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named setters instead of an eight-argument constructor call full of nulls. */
    public static final class Builder {
        private Double temperature;
        private Integer topK;
        private Double topP;
        private Double minP;
        private Double repetitionPenalty;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private Long seed;

        private Builder() {}

        public Builder temperature(Double value) {
            temperature = value;
            return this;
        }

        public Builder topK(Integer value) {
            topK = value;
            return this;
        }

        public Builder topP(Double value) {
            topP = value;
            return this;
        }

        public Builder minP(Double value) {
            minP = value;
            return this;
        }

        public Builder repetitionPenalty(Double value) {
            repetitionPenalty = value;
            return this;
        }

        public Builder presencePenalty(Double value) {
            presencePenalty = value;
            return this;
        }

        public Builder frequencyPenalty(Double value) {
            frequencyPenalty = value;
            return this;
        }

        public Builder seed(Long value) {
            seed = value;
            return this;
        }

        public SamplingOverrides build() {
            return new SamplingOverrides(temperature, topK, topP, minP, repetitionPenalty, presencePenalty,
                    frequencyPenalty, seed);
        }
    }
}
