package r1j.engine.tokenizer;

import java.util.Arrays;

/**
 * BPE merges keyed by the ids of the two parts: (left, right) -> (rank, merged id). Open addressing over two
 * primitive arrays, because a boxed map of 151k pairs costs more to build than the whole rest of the tokenizer
 * and the lookup sits in the innermost BPE loop. Immutable once built.
 */
final class MergeTable {
    static final long ABSENT = -1L;
    private static final long EMPTY_KEY = -1L; // never a real key: ids are non-negative

    private final long[] keys;
    private final long[] values;
    private final int mask;

    MergeTable(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedSize) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY_KEY);
    }

    /** Adds or replaces a merge (a repeated pair keeps the later rank, as Hugging Face's map does). */
    void put(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY_KEY && keys[slot] != key) slot = (slot + 1) & mask;
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    /** Packed (rank, merged id), or {@link #ABSENT}. */
    long get(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) return values[slot];
            if (k == EMPTY_KEY) return ABSENT;
            slot = (slot + 1) & mask;
        }
    }

    static int rank(long packed) {
        return (int) (packed >>> 32);
    }

    static int merged(long packed) {
        return (int) packed;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
