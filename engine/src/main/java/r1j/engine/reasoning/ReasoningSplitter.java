package r1j.engine.reasoning;

/**
 * Splits streamed model output into reasoning and answer at the end-of-thinking tag, like vLLM's
 * {@code deepseek_r1} reasoning parser.
 *
 * <p>R1 chat templates end the prompt with {@code <think>\n}, so the output usually contains only the closing tag:
 * the splitter therefore starts inside the reasoning when told the prompt opened it. An opening tag at the very
 * start of the output is dropped too. Text that could be the beginning of the closing tag is held back until the
 * next delta decides it, so a tag split across tokens never leaks into either part. A reply that never closes the
 * tag stays reasoning to the end (its answer is empty).
 */
public final class ReasoningSplitter {
    public static final String OPEN = "<think>";
    public static final String CLOSE = "</think>";

    /** What one {@link #feed} produced: text to add to the reasoning and to the answer. */
    public record Delta(String reasoning, String content) {
        public boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty();
        }
    }

    private final StringBuilder pending = new StringBuilder();
    private boolean inReasoning;
    private boolean atStart = true;

    /** @param promptOpenedReasoning true when the prompt ends inside {@code <think>} (the R1 template's rule) */
    public ReasoningSplitter(boolean promptOpenedReasoning) {
        this.inReasoning = promptOpenedReasoning;
    }

    /** Whether the rendered prompt leaves the model inside a think block. */
    public static boolean promptOpensReasoning(String prompt) {
        int open = prompt.lastIndexOf(OPEN);
        return open >= 0 && prompt.indexOf(CLOSE, open) < 0;
    }

    public boolean inReasoning() {
        return inReasoning;
    }

    public Delta feed(String text) {
        pending.append(text);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        while (true) {
            if (atStart) {
                // Drop a leading "<think>" (models that write the tag themselves); wait while it may still come.
                String head = stripLeadingWhitespace(pending);
                if (head.isEmpty()) break;
                if (head.startsWith(OPEN)) {
                    pending.delete(0, pending.indexOf(OPEN) + OPEN.length());
                    inReasoning = true;
                } else if (OPEN.startsWith(head)) {
                    break;
                }
                atStart = false;
            }
            if (!inReasoning) {
                content.append(pending);
                pending.setLength(0);
                break;
            }
            int close = pending.indexOf(CLOSE);
            if (close >= 0) {
                reasoning.append(pending, 0, close);
                pending.delete(0, close + CLOSE.length());
                inReasoning = false;
                continue;
            }
            int keep = partialSuffix(pending, CLOSE);
            reasoning.append(pending, 0, pending.length() - keep);
            pending.delete(0, pending.length() - keep);
            break;
        }
        return new Delta(reasoning.toString(), content.toString());
    }

    /** End of output: whatever was held back belongs to the part it was in. */
    public Delta finish() {
        String rest = pending.toString();
        pending.setLength(0);
        return inReasoning ? new Delta(rest, "") : new Delta("", rest);
    }

    private static String stripLeadingWhitespace(CharSequence s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return s.subSequence(i, s.length()).toString();
    }

    /** Length of the longest suffix of {@code s} that is a proper prefix of {@code tag}. */
    private static int partialSuffix(CharSequence s, String tag) {
        for (int len = Math.min(tag.length() - 1, s.length()); len > 0; len--) {
            boolean match = true;
            for (int i = 0; i < len && match; i++) match = s.charAt(s.length() - len + i) == tag.charAt(i);
            if (match) return len;
        }
        return 0;
    }
}
