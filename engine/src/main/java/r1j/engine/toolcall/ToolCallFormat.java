package r1j.engine.toolcall;

import java.util.List;

/** One markup: the tags that open a tool-call region, and how to read a region. */
interface ToolCallFormat {
    /** Tags that start a region; the scanner hands the text over at the first one it meets. */
    List<String> openingTags();

    /**
     * Reads the region that starts at {@code start} (where one of {@link #openingTags} begins).
     *
     * @param complete true when {@code text} is the whole reply; false while it is still streaming, when the
     *                 region may stop early (not {@link Region#closed}) at the first place the text cannot decide yet
     */
    Region region(String text, int start, boolean complete);

    /** What a region held, in order, and where reading stopped. */
    record Region(List<Piece> pieces, int end, boolean closed) {}

    /** A region's parts: a well-formed call, or text that stays content (a malformed call's raw text included). */
    sealed interface Piece {
        record Call(ToolCall call) implements Piece {}

        record Text(String text) implements Piece {}
    }
}
