package r1j.engine.tokenizer;

import java.util.Arrays;

/**
 * Token string -> id, open addressing over plain arrays. It exists for the build: 151k boxed map entries plus a
 * concatenated string per merge made construction several times slower than this, which looks up the two halves
 * and the joined form of a merge line ("Ġ t" -> "Ġ", "t", "Ġt") in place, by computing {@link String#hashCode}
 * of a region without copying it. Immutable once built.
 */
final class TokenIndex {
    private final String[] keys;
    private final int[] ids;
    private final int mask;
    private final int shift;

    /** Indexes {@code tokens[id]} for every id where {@code include[id]}; the first id of a repeated string wins. */
    TokenIndex(String[] tokens, boolean[] include) {
        int capacity = Integer.highestOneBit(Math.max(4, tokens.length) * 2 - 1) << 1;
        keys = new String[capacity];
        ids = new int[capacity];
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        Arrays.fill(ids, -1);
        for (int id = 0; id < tokens.length; id++) {
            if (!include[id]) continue;
            String key = tokens[id];
            int slot = slot(key.hashCode());
            while (keys[slot] != null && !keys[slot].equals(key)) slot = (slot + 1) & mask;
            if (keys[slot] == null) {
                keys[slot] = key;
                ids[slot] = id;
            }
        }
    }

    /** The id of {@code token}, or -1. */
    int get(String token) {
        return find(token.hashCode(), token, 0, token.length(), -1);
    }

    /** The id of {@code text[from, to)}, or -1. */
    int get(String text, int from, int to) {
        return find(hash(text, from, to, 0), text, from, to, -1);
    }

    /** The id of {@code text[from, to)} with the character at {@code skip} left out, or -1. */
    int getWithout(String text, int from, int to, int skip) {
        int h = hash(text, skip + 1, to, hash(text, from, skip, 0));
        return find(h, text, from, to, skip);
    }

    private int find(int hash, String text, int from, int to, int skip) {
        int length = to - from - (skip >= 0 ? 1 : 0);
        for (int slot = slot(hash); keys[slot] != null; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key.length() != length || key.hashCode() != hash) continue;
            boolean same = skip < 0
                    ? key.regionMatches(0, text, from, length)
                    : key.regionMatches(0, text, from, skip - from)
                            && key.regionMatches(skip - from, text, skip + 1, to - skip - 1);
            if (same) return ids[slot];
        }
        return -1;
    }

    /**
     * Fibonacci hashing: short strings have nearby hash codes ("ab", "ac"), which in the low bits form long runs
     * that linear probing walks through; multiplying spreads them and the top bits pick the slot.
     */
    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** Continues {@link String#hashCode}'s polynomial over {@code text[from, to)}. */
    private static int hash(String text, int from, int to, int h) {
        for (int i = from; i < to; i++) h = 31 * h + text.charAt(i);
        return h;
    }
}
