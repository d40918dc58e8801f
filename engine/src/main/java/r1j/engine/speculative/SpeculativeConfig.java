package r1j.engine.speculative;

import java.util.Locale;

/**
 * Whether and how a sequence drafts tokens ahead of the model (vLLM's {@code --speculative-config}).
 *
 * @param method   {@link Method#NONE} (off) or {@link Method#NGRAM} (prompt lookup)
 * @param draftMax most draft tokens checked per step (vLLM's {@code num_speculative_tokens})
 * @param ngramMin shortest n-gram that may start a draft (vLLM's {@code prompt_lookup_min})
 * @param ngramMax longest n-gram tried first (vLLM's {@code prompt_lookup_max})
 */
public record SpeculativeConfig(Method method, int draftMax, int ngramMin, int ngramMax) {
    /**
     * Longest draft accepted. Each draft token costs a row of the verify pass whether or not it is accepted; past a
     * few dozen, a wrong guess only burns compute.
     */
    public static final int MAX_DRAFT = 32;
    /** Longest n-gram looked up: the proposer scans the sequence once per length. */
    public static final int MAX_NGRAM = 16;
    /**
     * Defaults: 5 draft tokens (a verify pass of 6 rows, the width of the prompt kernels' register block, costs little
     * more than one decode step), n-grams of 2 to 4 tokens (a single token matches almost anywhere and would draft
     * guesses that are mostly wrong).
     */
    public static final int DEFAULT_DRAFT_MAX = 5;
    public static final int DEFAULT_NGRAM_MIN = 2;
    public static final int DEFAULT_NGRAM_MAX = 4;

    public static final SpeculativeConfig NONE = new SpeculativeConfig(Method.NONE, 0, 0, 0);

    /** How drafts are made. */
    public enum Method {
        NONE, NGRAM;

        /** {@code none} or {@code ngram}, case-insensitive. */
        public static Method parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "none", "off" -> NONE;
                case "ngram", "[ngram]" -> NGRAM;
                default -> throw new IllegalArgumentException("speculative method must be 'ngram' or 'none', got '"
                        + value + "'");
            };
        }

        /** The lower-case name the flags and metrics use. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SpeculativeConfig {
        if (method == null) throw new IllegalArgumentException("speculative method must not be null");
        if (method == Method.NGRAM) {
            if (draftMax < 1 || draftMax > MAX_DRAFT) {
                throw new IllegalArgumentException("draft-max must be in [1, " + MAX_DRAFT + "], got " + draftMax);
            }
            if (ngramMin < 1 || ngramMax > MAX_NGRAM || ngramMin > ngramMax) {
                throw new IllegalArgumentException("n-gram lengths must satisfy 1 <= ngram-min <= ngram-max <= "
                        + MAX_NGRAM + ", got ngram-min " + ngramMin + ", ngram-max " + ngramMax);
            }
        }
    }

    /** Prompt lookup with these limits. */
    public static SpeculativeConfig ngram(int draftMax, int ngramMin, int ngramMax) {
        return new SpeculativeConfig(Method.NGRAM, draftMax, ngramMin, ngramMax);
    }

    /** Prompt lookup with the defaults. */
    public static SpeculativeConfig ngram() {
        return ngram(DEFAULT_DRAFT_MAX, DEFAULT_NGRAM_MIN, DEFAULT_NGRAM_MAX);
    }

    public boolean enabled() {
        return method != Method.NONE;
    }

    @Override
    public String toString() {
        return enabled() ? method.label() + " (draft-max " + draftMax + ", n-grams " + ngramMin + ".." + ngramMax + ")"
                : "none";
    }
}
