package r1j.engine.kv;

import java.util.ArrayDeque;

/**
 * Fixed-size blocks of KV cache memory shared by all sequences, with a budget.
 *
 * <p>A block holds keys and values of {@code blockTokens} consecutive positions for every layer, so a sequence
 * needs one block table for the whole model. Blocks are float32 arrays allocated on first use and recycled through
 * a free list; {@link #tryAllocate} returns -1 rather than throwing when the budget is spent, so a scheduler can
 * preempt or refuse a request instead of failing mid-step.
 */
public final class KvBlockPool {
    private final int blockTokens;
    private final int layers;
    private final int kvDim;
    private final int maxBlocks;
    private final float[][] blocks;
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int created;
    private int used;

    public KvBlockPool(int blockTokens, int layers, int kvDim, int maxBlocks) {
        if (blockTokens <= 0 || layers <= 0 || kvDim <= 0 || maxBlocks <= 0) {
            throw new IllegalArgumentException("bad KV pool geometry: blockTokens=" + blockTokens + " layers=" + layers
                    + " kvDim=" + kvDim + " maxBlocks=" + maxBlocks);
        }
        this.blockTokens = blockTokens;
        this.layers = layers;
        this.kvDim = kvDim;
        this.maxBlocks = maxBlocks;
        this.blocks = new float[maxBlocks][];
    }

    /** A pool holding at most {@code budgetBytes} of float32 keys and values. */
    public static KvBlockPool withBudget(long budgetBytes, int blockTokens, int layers, int kvDim) {
        long blockBytes = 2L * layers * blockTokens * kvDim * Float.BYTES;
        long blocks = budgetBytes / blockBytes;
        if (blocks < 1) {
            throw new IllegalArgumentException("KV cache budget of " + budgetBytes + " bytes is smaller than one block ("
                    + blockBytes + " bytes)");
        }
        return new KvBlockPool(blockTokens, layers, kvDim, (int) Math.min(blocks, Integer.MAX_VALUE - 8));
    }

    public int blockTokens() {
        return blockTokens;
    }

    public int kvDim() {
        return kvDim;
    }

    public synchronized int usedBlocks() {
        return used;
    }

    public int maxBlocks() {
        return maxBlocks;
    }

    /** A free block id, or -1 when the budget is spent. */
    public synchronized int tryAllocate() {
        int id;
        if (!free.isEmpty()) {
            id = free.pop();
        } else if (created < maxBlocks) {
            id = created++;
            blocks[id] = new float[2 * layers * blockTokens * kvDim];
        } else {
            return -1;
        }
        used++;
        return id;
    }

    public synchronized void release(int block) {
        used--;
        free.push(block);
    }

    public float[] block(int id) {
        return blocks[id];
    }

    /** Offset of the key vector of (layer, slot) inside a block; the value vector follows all keys. */
    public int keyOffset(int layer, int slot) {
        return (layer * blockTokens + slot) * kvDim;
    }

    public int valueOffset(int layer, int slot) {
        return (layers * blockTokens + layer * blockTokens + slot) * kvDim;
    }
}
