package r1j.engine.sampling;

/**
 * One step of a {@link Sampler}'s chain (llama.cpp's {@code llama_sampler_i}): it narrows or reshapes the
 * candidates; stages that remember the sequence also see every accepted token and each new prompt.
 */
interface SamplerStage {

    void apply(Candidates candidates);

    /** A token was appended to the sequence. */
    default void accept(int token) {}

    /** A new sequence starts with {@code prompt}. */
    default void reset(int[] prompt) {}
}
