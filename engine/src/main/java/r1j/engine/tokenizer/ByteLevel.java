package r1j.engine.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's byte-to-unicode table ("byte-level" BPE). Every byte gets a printable character so that BPE can work on
 * strings: the printable Latin-1 bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for themselves and the
 * other 68 bytes take the characters from U+0100 upwards, in byte order (so a space is {@code Ġ}, U+0120, and a
 * newline {@code Ċ}). Vocabulary and merges are stored in this form.
 */
final class ByteLevel {
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by char (all mapped chars are below U+0144); -1 where a char stands for no byte. */
    private static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The byte a character stands for, or -1 if the character is not part of the table. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** Byte-level form of raw bytes: one character per byte. */
    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(chars);
    }

    /**
     * Bytes of a stored token string. As Hugging Face's ByteLevel decoder does, a token with any character outside
     * the table (an added token such as {@code <｜User｜>}) is taken as its own UTF-8 text instead.
     */
    static byte[] decode(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = byteOf(token.charAt(i));
            if (b < 0) return Utf8.encode(token);
            out[i] = (byte) b;
        }
        return out;
    }
}
