package r1j.engine.toolcall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds tool calls in a model's reply. Give it only the answer after {@code </think>} (the reasoning splitter's
 * content): calls are never looked for inside the thinking.
 *
 * <p>{@link #extract} reads a finished reply; {@link #stream} reads one as it arrives, by re-reading the text so far
 * with {@link #parse}{@code (text, false)} and passing on only what is new (as vLLM's hermes parser does).
 */
public interface ToolCallParser {
    /**
     * Reads {@code text}.
     *
     * @param complete true when {@code text} is the whole reply. When false, reading stops at the first place the
     *                 text so far cannot decide: text that may begin a tag is held back, and so is a call whose end
     *                 has not arrived. What is returned is then a prefix of what the whole reply will give.
     */
    ToolCallResult parse(String text, boolean complete);

    /** Reads a finished reply. */
    default ToolCallResult extract(String text) {
        return parse(text, true);
    }

    /** A reader for one streamed reply. */
    default ToolCallStream stream() {
        return new ToolCallStream(this);
    }

    /** A parser that accepts each of {@code syntaxes}, wherever a reply uses it. */
    static ToolCallParser of(ToolCallSyntax... syntaxes) {
        if (syntaxes.length == 0) throw new IllegalArgumentException("a tool-call parser needs at least one syntax");
        return new Scanner(Arrays.stream(syntaxes).distinct().map(s -> s.format).toList());
    }

    /** The scanner behind {@link #of}: content until the earliest opening tag, then that format's region. */
    final class Scanner implements ToolCallParser {
        private final List<ToolCallFormat> formats;

        private Scanner(List<ToolCallFormat> formats) {
            this.formats = formats;
        }

        @Override
        public ToolCallResult parse(String text, boolean complete) {
            StringBuilder content = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            int pos = 0;
            while (pos < text.length()) {
                int at = -1;
                ToolCallFormat owner = null;
                for (ToolCallFormat f : formats) {
                    for (String tag : f.openingTags()) {
                        int i = text.indexOf(tag, pos);
                        if (i >= 0 && (at < 0 || i < at)) {
                            at = i;
                            owner = f;
                        }
                    }
                }
                if (owner == null) {
                    int hold = complete ? 0 : partialTagSuffix(text, pos);
                    content.append(text, pos, text.length() - hold);
                    break;
                }
                content.append(text, pos, at);
                ToolCallFormat.Region region = owner.region(text, at, complete);
                for (ToolCallFormat.Piece piece : region.pieces()) {
                    switch (piece) {
                        case ToolCallFormat.Piece.Call c -> calls.add(c.call());
                        case ToolCallFormat.Piece.Text t -> content.append(t.text());
                    }
                }
                if (!region.closed()) break;
                pos = region.end();
            }
            return new ToolCallResult(content.toString(), calls);
        }

        /** Length of the longest suffix of {@code text[from..]} that is a proper prefix of an opening tag. */
        private int partialTagSuffix(String text, int from) {
            int best = 0;
            for (ToolCallFormat f : formats) {
                for (String tag : f.openingTags()) {
                    for (int len = Math.min(tag.length() - 1, text.length() - from); len > best; len--) {
                        if (text.startsWith(tag.substring(0, len), text.length() - len)) {
                            best = len;
                            break;
                        }
                    }
                }
            }
            return best;
        }
    }
}
