package r1j.agent;

/**
 * One model turn's output, split at {@code </think>}.
 *
 * @param reasoning the thinking ("" when none)
 * @param content   the answer after it, tool-call markup included
 * @param complete  false when the reply was cut short (length limit, cancelled): its calls are not run
 */
public record ModelReply(String reasoning, String content, boolean complete) {
    public ModelReply {
        reasoning = reasoning == null ? "" : reasoning;
        content = content == null ? "" : content;
    }
}
