package r1j.eval.run;

/**
 * One graded sample, as one line of {@code samples.jsonl}: which question and which of its n samples, the reply,
 * its timing and tokens, and the grade. Times in milliseconds; token counts -1 when the server sent no usage.
 */
public record SampleRecord(int question, int sample, String content, String reasoning, String finishReason,
        double ttftMs, double e2eMs, int promptTokens, int completionTokens, int reasoningTokens,
        boolean reasoningTokensEstimated, String answer, String extraction, String normalized, boolean correct) {

    /** The tokens of the answer part: the completion minus the reasoning; -1 when unknown. */
    public int answerTokens() {
        return completionTokens < 0 || reasoningTokens < 0 ? -1 : completionTokens - reasoningTokens;
    }

    public boolean extractionFailed() {
        return !"boxed".equals(extraction);
    }

    public boolean hitLength() {
        return "length".equals(finishReason);
    }

    /** The key that makes a sample unique within a run. */
    public long key() {
        return key(question, sample);
    }

    public static long key(int question, int sample) {
        return ((long) question << 32) | (sample & 0xffffffffL);
    }
}
