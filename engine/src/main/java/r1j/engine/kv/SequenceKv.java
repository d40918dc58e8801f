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
    /** Leading blocks registered in (or taken from) the prefix cache, and the chained hash after them. */
    private int registeredBlocks;
    private long prefixHash;

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
        if (length < registeredBlocks * pool.blockTokens()) {
            throw new IllegalStateException("cannot rewind into blocks shared through the prefix cache");
        }
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
            append(id);
        }
        return true;
    }

    /**
     * Takes cached blocks for the longest prefix of {@code tokens} (never position {@code limit} or later) into an
     * empty table: whole cached blocks are shared, then the positions of the next block that a cached block starts
     * with are copied into a fresh one. Returns the positions now filled.
     */
    public int adoptCachedPrefix(int[] tokens, int limit) {
        if (blockCount != 0) throw new IllegalStateException("adoptCachedPrefix needs an empty sequence");
        int bt = pool.blockTokens();
        while ((blockCount + 1) * bt <= limit) {
            int block = pool.lookup(prefixHash, tokens, blockCount * bt);
            if (block < 0) break;
            prefixHash = pool.chainOf(prefixHash, tokens, blockCount * bt);
            append(block);
            registeredBlocks++;
        }
        length = blockCount * bt;
        KvBlockPool.PartialHit hit = pool.copyPartial(prefixHash, tokens, length, Math.min(bt, limit - length));
        if (hit != null) {
            append(hit.block());
            length += hit.positions();
        }
        return length;
    }

    private void append(int block) {
        if (blockCount == table.length) table = Arrays.copyOf(table, table.length * 2);
        table[blockCount++] = block;
    }

    /**
     * Leaves the part-filled block after the registered ones in the prefix cache as a tail (see
     * {@link KvBlockPool#copyPartial}); call just before {@link #release}, with the tokens of positions
     * {@code [0, length)}.
     */
    public void registerTail(int[] tokens) {
        int from = registeredBlocks * pool.blockTokens();
        int count = length - from;
        if (registeredBlocks < blockCount && count > 0 && count < pool.blockTokens()) {
            pool.registerTail(table[registeredBlocks], prefixHash, tokens, from, count);
        }
    }

    /** Registers every block that positions {@code [0, computed)} of {@code tokens} have filled, for reuse. */
    public void registerFullBlocks(int[] tokens, int computed) {
        int bt = pool.blockTokens();
        while ((registeredBlocks + 1) * bt <= computed && registeredBlocks < blockCount) {
            prefixHash = pool.register(table[registeredBlocks], prefixHash, tokens, registeredBlocks * bt);
            registeredBlocks++;
        }
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
        registeredBlocks = 0;
        prefixHash = 0;
    }

    @Override
    public void close() {
        release();
    }
}
