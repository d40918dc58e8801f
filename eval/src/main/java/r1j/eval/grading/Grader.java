package r1j.eval.grading;

import java.time.Duration;

/** Grades one reply against its reference: extraction, then equivalence. Thread-safe. */
public final class Grader implements AutoCloseable {
    /** Stored with every run: a change in extraction, normalisation or equivalence rules bumps it. */
    public static final String VERSION = "r1j-grader-1";

    /** A graded reply: what was extracted, how, its normalised form, and whether it matches the reference. */
    public record Grade(Extraction extraction, String normalized, boolean correct) {}

    private final AnswerEquivalence equivalence;

    public Grader(Duration casTimeLimit) {
        this.equivalence = new AnswerEquivalence(casTimeLimit);
    }

    public Grade grade(String content, String reference) {
        Extraction e = AnswerExtractor.extract(content);
        if (!e.found()) return new Grade(e, null, false);
        return new Grade(e, AnswerNormalizer.normalize(e.answer()), equivalence.equivalent(e.answer(), reference));
    }

    /** Whether two extracted answers are the same answer (clustering). */
    public boolean sameAnswer(String a, String b) {
        return equivalence.equivalent(a, b);
    }

    @Override
    public void close() {
        equivalence.close();
    }
}
