package r1j.engine.toolcall;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepSeek-R1's markup. A block opens with {@code <｜tool▁calls▁begin｜>} and holds calls, each
 * {@code <｜tool▁call▁begin｜>TYPE<｜tool▁sep｜>NAME\n```json\nARGS\n```<｜tool▁call▁end｜>}, separated by
 * whitespace, until {@code <｜tool▁calls▁end｜>}. Lenient where models are sloppy: a bare call without the block tag
 * counts, the block may end with the reply instead of its closing tag, the fences may lack the {@code json} label.
 * A call whose body does not read (no separator, no name, arguments not one JSON object) stays content, raw.
 */
final class DeepSeekR1Format implements ToolCallFormat {
    static final String CALLS_BEGIN = "<｜tool▁calls▁begin｜>";
    static final String CALLS_END = "<｜tool▁calls▁end｜>";
    static final String CALL_BEGIN = "<｜tool▁call▁begin｜>";
    static final String CALL_END = "<｜tool▁call▁end｜>";
    static final String SEP = "<｜tool▁sep｜>";

    @Override
    public List<String> openingTags() {
        return List.of(CALLS_BEGIN, CALL_BEGIN);
    }

    @Override
    public Region region(String text, int start, boolean complete) {
        List<Piece> pieces = new ArrayList<>();
        int p = text.startsWith(CALLS_BEGIN, start) ? start + CALLS_BEGIN.length() : start;
        while (true) {
            int q = skipWhitespace(text, p);
            if (q == text.length()) {
                // Whitespace at the end of the block is layout, not content.
                return complete ? new Region(pieces, q, true) : new Region(pieces, p, false);
            }
            if (text.startsWith(CALLS_END, q)) return new Region(pieces, q + CALLS_END.length(), true);
            if (text.startsWith(CALL_BEGIN, q)) {
                int end = text.indexOf(CALL_END, q + CALL_BEGIN.length());
                if (end < 0) {
                    if (!complete) return new Region(pieces, p, false);
                    // The reply ended inside the call: keep it if it reads anyway, as raw content if not.
                    pieces.add(read(text.substring(q + CALL_BEGIN.length()), text.substring(q)));
                    return new Region(pieces, text.length(), true);
                }
                pieces.add(read(text.substring(q + CALL_BEGIN.length(), end), text.substring(q, end + CALL_END.length())));
                p = end + CALL_END.length();
                continue;
            }
            String rest = text.substring(q);
            if (CALL_BEGIN.startsWith(rest) || CALLS_END.startsWith(rest)) {
                if (!complete) return new Region(pieces, p, false);
                pieces.add(new Piece.Text(text.substring(p)));
                return new Region(pieces, text.length(), true);
            }
            // Stray text inside the block: content, up to the next possible tag.
            int next = text.indexOf('<', q + 1);
            int until = next < 0 ? text.length() : next;
            pieces.add(new Piece.Text(text.substring(p, until)));
            p = until;
        }
    }

    /** A call's body ({@code TYPE<｜tool▁sep｜>NAME\n```json\nARGS\n```}), or its raw text as content. */
    private static Piece read(String body, String raw) {
        int sep = body.indexOf(SEP);
        if (sep < 0) return new Piece.Text(raw);
        String type = body.substring(0, sep).strip();
        if (!type.isEmpty() && !type.equals("function")) return new Piece.Text(raw);
        String after = body.substring(sep + SEP.length());
        int newline = after.indexOf('\n');
        int fence = after.indexOf("```");
        int nameEnd = newline < 0 ? fence : fence < 0 ? newline : Math.min(newline, fence);
        if (nameEnd < 0) return new Piece.Text(raw);
        String name = after.substring(0, nameEnd).strip();
        String args = after.substring(nameEnd).strip();
        if (args.startsWith("```json")) {
            args = args.substring("```json".length());
        } else if (args.startsWith("```")) {
            args = args.substring(3);
        }
        if (args.endsWith("```")) args = args.substring(0, args.length() - 3);
        String json = ArgumentsJson.objectText(args);
        if (name.isEmpty() || json == null) return new Piece.Text(raw);
        return new Piece.Call(new ToolCall(name, json));
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }
}
