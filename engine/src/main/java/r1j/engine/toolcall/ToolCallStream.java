package r1j.engine.toolcall;

import java.util.List;

/**
 * Reads one reply as it streams: {@link #feed} each new piece of answer text and get back only what became
 * certain with it. Plain text flows at once, except a tail that may be the start of a tag; a call is passed on
 * whole when its closing tag arrives and its body reads (a malformed one is passed on as text instead). Joined, the
 * deltas equal {@link ToolCallParser#extract} of the whole reply. One per reply, not thread-safe.
 */
public final class ToolCallStream {
    /** What one step made certain: text to append to the content, and calls to add after those already given. */
    public record Delta(String content, List<ToolCall> calls) {
        public Delta {
            calls = List.copyOf(calls);
        }

        public boolean isEmpty() {
            return content.isEmpty() && calls.isEmpty();
        }
    }

    private final ToolCallParser parser;
    private final StringBuilder text = new StringBuilder();
    private int contentSent;
    private int callsSent;
    private boolean finished;

    ToolCallStream(ToolCallParser parser) {
        this.parser = parser;
    }

    public Delta feed(String piece) {
        if (finished) throw new IllegalStateException("the reply already finished");
        text.append(piece);
        return diff(parser.parse(text.toString(), false));
    }

    /** The reply ended: whatever was held back is decided now (an unfinished call that does not read is text). */
    public Delta finish() {
        if (finished) return new Delta("", List.of());
        finished = true;
        return diff(parser.parse(text.toString(), true));
    }

    /** Calls passed on so far. */
    public int callCount() {
        return callsSent;
    }

    private Delta diff(ToolCallResult now) {
        String content = now.content().substring(Math.min(contentSent, now.content().length()));
        List<ToolCall> calls = now.calls().subList(Math.min(callsSent, now.calls().size()), now.calls().size());
        contentSent = Math.max(contentSent, now.content().length());
        callsSent = Math.max(callsSent, now.calls().size());
        return new Delta(content, calls);
    }
}
