package r1j.eval.grading;

/**
 * The final answer found in a reply, and how it was found. Anything but {@link Method#BOXED} counts as an extraction
 * failure in the metrics: the model did not follow the prompt's format, even when a fallback found a usable answer.
 */
public record Extraction(String answer, Method method) {
    public enum Method {
        /** The last {@code \boxed{...}} (or {@code \fbox{...}}) of the answer part. */
        BOXED,
        /** The last "the answer is ..." / "final answer: ..." phrase. */
        ANSWER_IS,
        /** The last number in the answer part. */
        LAST_NUMBER,
        /** Nothing usable. */
        NONE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Extraction NONE = new Extraction(null, Method.NONE);

    public boolean failed() {
        return method != Method.BOXED;
    }

    public boolean found() {
        return answer != null;
    }
}
