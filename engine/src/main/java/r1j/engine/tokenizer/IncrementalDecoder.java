package r1j.engine.tokenizer;

/**
 * Turns a stream of token ids into text as it arrives. A character split across tokens (an emoji is often two or
 * three byte-level tokens) is held back until its last byte arrives, so no piece ever shows a broken character;
 * joined, the pieces equal {@link BpeTokenizer#decode} of all the ids. One instance per stream, not thread-safe.
 */
public final class IncrementalDecoder {
    private final BpeTokenizer tokenizer;
    private final BpeTokenizer.ByteBuffer pending = new BpeTokenizer.ByteBuffer(16);

    IncrementalDecoder(BpeTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text completed by this token, possibly "". */
    public String accept(int id) {
        pending.add(tokenizer.bytesOf(id));
        StringBuilder out = new StringBuilder();
        int consumed = Utf8.decode(pending.data, 0, pending.size, out, false);
        pending.discard(consumed);
        return out.toString();
    }

    /** Whatever is still held back (an unfinished character becomes U+FFFD); the decoder is then empty. */
    public String flush() {
        String rest = Utf8.decode(pending.data, 0, pending.size);
        pending.discard(pending.size);
        return rest;
    }

    /** Whether bytes of an unfinished character are being held back. */
    public boolean hasPending() {
        return pending.size > 0;
    }
}
