package r1j.engine.kv;

import java.util.Arrays;

/**
 * The KV cache of one sequence: a block table into a {@link KvBlockPool} and the number of positions filled.
 * Not thread-safe for structural changes ({@link #ensureCapacity}, {@link #release}); reading and writing distinct
 * positions from the compute threads is fine.
 */
public final class SequenceKv implements AutoCloseable {
    private final KvBlockPool pool;
    private int[] table = new int[8];
    private int blockCount;
    private int length;

    public SequenceKv(KvBlockPool pool) {
        this.pool = pool;
    }

    public KvBlockPool pool() {
        return pool;
    }

    /** Positions whose keys and values are stored. */
    public int length() {
        return length;
    }

    /** Marks positions {@code [0, length)} as filled (after a forward pass wrote them), or truncates (rewind). */
    public void setLength(int length) {
        if (length < 0 || length > blockCount * pool.blockTokens()) {
            throw new IllegalArgumentException("length " + length + " outside capacity " + blockCount * pool.blockTokens());
        }
        this.length = length;
    }

    /** Makes room for {@code positions} positions; false (nothing changed) when the pool has no blocks left. */
    public boolean ensureCapacity(int positions) {
        int needed = (positions + pool.blockTokens() - 1) / pool.blockTokens();
        int start = blockCount;
        while (blockCount < needed) {
            int id = pool.tryAllocate();
            if (id < 0) {
                while (blockCount > start) pool.release(table[--blockCount]);
                return false;
            }
            if (blockCount == table.length) table = Arrays.copyOf(table, table.length * 2);
            table[blockCount++] = id;
        }
        return true;
    }

    public int blockCount() {
        return blockCount;
    }

    public float[] blockFor(int position) {
        return pool.block(table[position / pool.blockTokens()]);
    }

    public int keyOffset(int layer, int position) {
        return pool.keyOffset(layer, position % pool.blockTokens());
    }

    public int valueOffset(int layer, int position) {
        return pool.valueOffset(layer, position % pool.blockTokens());
    }

    /** Returns every block to the pool. */
    public void release() {
        while (blockCount > 0) pool.release(table[--blockCount]);
        length = 0;
    }

    @Override
    public void close() {
        release();
    }
}
