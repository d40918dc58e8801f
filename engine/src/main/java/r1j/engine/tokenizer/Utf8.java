package r1j.engine.tokenizer;

/**
 * UTF-8 with the replacement rule of Rust's {@code String::from_utf8_lossy}, which Hugging Face's decoder uses:
 * each maximal subpart of an ill-formed sequence (a valid lead byte followed by the valid continuation bytes
 * that came before the problem, or one stray byte) becomes one U+FFFD. Written out here, rather than relying on
 * {@link java.nio.charset.CharsetDecoder}, because the streaming decoder needs to know exactly where an incomplete
 * but still valid sequence begins so it can hold it back.
 */
final class Utf8 {
    static final char REPLACEMENT = '\uFFFD';

    private Utf8() {}

    /** UTF-8 bytes of text; a lone surrogate (which Hugging Face's Rust strings cannot hold) becomes U+FFFD. */
    static byte[] encode(CharSequence text) {
        int n = text.length();
        byte[] out = new byte[n * 3];
        int p = 0;
        for (int i = 0; i < n; i++) {
            int c = text.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
                continue;
            }
            if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, text.charAt(++i));
                out[p++] = (byte) (0xF0 | (cp >>> 18));
                out[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
                continue;
            }
            if (Character.isSurrogate((char) c)) c = REPLACEMENT;
            if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >>> 6));
            } else {
                out[p++] = (byte) (0xE0 | (c >>> 12));
                out[p++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
            }
            out[p++] = (byte) (0x80 | (c & 0x3F));
        }
        return p == out.length ? out : java.util.Arrays.copyOf(out, p);
    }

    static String decode(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        decode(bytes, from, to, out, true);
        return out.toString();
    }

    /**
     * Decodes {@code bytes[from, to)} into {@code out}. With {@code endOfInput} false, stops before a trailing
     * sequence that is incomplete but could still become valid, and returns where it starts (the caller keeps those
     * bytes for later); otherwise decodes everything and returns {@code to}.
     */
    static int decode(byte[] bytes, int from, int to, StringBuilder out, boolean endOfInput) {
        int i = from;
        outer:
        while (i < to) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            }
            int need;
            int cp;
            int firstLo = 0x80;
            int firstHi = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                cp = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                cp = lead & 0x0F;
                if (lead == 0xE0) firstLo = 0xA0; // no overlong forms
                if (lead == 0xED) firstHi = 0x9F; // no surrogates
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                cp = lead & 0x07;
                if (lead == 0xF0) firstLo = 0x90; // no overlong forms
                if (lead == 0xF4) firstHi = 0x8F; // nothing above U+10FFFF
            } else {
                out.append(REPLACEMENT); // stray continuation byte or a byte that never appears in UTF-8
                i++;
                continue;
            }
            int j = i + 1;
            for (int k = 0; k < need; k++, j++) {
                if (j >= to) {
                    if (!endOfInput) return i;
                    out.append(REPLACEMENT);
                    i = j;
                    continue outer;
                }
                int c = bytes[j] & 0xFF;
                int lo = k == 0 ? firstLo : 0x80;
                int hi = k == 0 ? firstHi : 0xBF;
                if (c < lo || c > hi) {
                    out.append(REPLACEMENT);
                    i = j;
                    continue outer;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            out.appendCodePoint(cp);
            i = j;
        }
        return to;
    }
}
