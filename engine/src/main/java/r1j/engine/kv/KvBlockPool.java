package r1j.engine.kv;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fixed-size blocks of KV cache memory shared by all sequences, with a budget, reference counts and a prefix cache.
 *
 * <p>A block holds keys and values of {@code blockTokens} consecutive positions for every layer, so a sequence needs
 * one block table for the whole model. Blocks are float32 arrays allocated on first use and recycled.
 * {@link #tryAllocate} returns -1 rather than throwing when the budget is spent, so a scheduler can preempt or
 * refuse a request instead of failing mid-step.
 *
 * <p>Prefix cache (vLLM's automatic prefix caching): a block whose positions are all computed can be registered
 * under the tokens it holds and the hash of everything before it. Another sequence whose prompt starts with the same
 * tokens then shares the block instead of recomputing it. Shared blocks are full, so nobody writes into them. A
 * registered block nobody uses keeps its content and is evicted, least recently released first, only when a fresh
 * block is needed. A cache hit compares the block's tokens, so a hash collision can never serve wrong keys.
 *
 * <p>Partial blocks too (llama.cpp's slot prompt cache keeps whole prompts, not whole blocks): a finished or preempted
 * sequence leaves the part-filled block after its full ones as a cached tail, and a new sequence whose next tokens
 * after a cached prefix match the start of a cached block (tail or full) gets a fresh block with those positions
 * copied ({@link #copyPartial}). Copying keeps the rule that shared blocks are full and never written; it saves
 * the recomputation of up to {@code blockTokens - 1} positions of a repeated short prompt, which is every position of
 * a typical one-line chat request.
 */
public final class KvBlockPool {
    private final int blockTokens;
    private final int layers;
    private final int kvDim;
    private final int maxBlocks;
    private final float[][] blocks;
    private final int[] refCount;
    private final long[] hashOf;
    private final int[][] tokensOf;
    /** The chained hash of the prefix before a cached block (full or tail), indexing {@link #children}. */
    private final long[] parentOf;
    private final Map<Long, Set<Integer>> children = new HashMap<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    /** Unused blocks that still hold a registered prefix, oldest release first. */
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>();
    private final Map<Long, Integer> cached = new HashMap<>();
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
        this.refCount = new int[maxBlocks];
        this.hashOf = new long[maxBlocks];
        this.tokensOf = new int[maxBlocks][];
        this.parentOf = new long[maxBlocks];
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

    /** Blocks referenced by at least one sequence. */
    public synchronized int usedBlocks() {
        return used;
    }

    /** Unused blocks kept for their cached prefix (evicted on demand). */
    public synchronized int cachedIdleBlocks() {
        return evictable.size();
    }

    public int maxBlocks() {
        return maxBlocks;
    }

    /** A fresh block (reference count 1), or -1 when the budget is spent. */
    public synchronized int tryAllocate() {
        int id;
        if (!free.isEmpty()) {
            id = free.pop();
        } else if (created < maxBlocks) {
            id = created++;
            blocks[id] = new float[2 * layers * blockTokens * kvDim];
        } else if (!evictable.isEmpty()) {
            id = evictable.removeFirst();
            forget(id);
        } else {
            return -1;
        }
        refCount[id] = 1;
        used++;
        return id;
    }

    /** Drops one reference; an unreferenced block stays cached if registered, else becomes free. */
    public synchronized void release(int block) {
        if (refCount[block] <= 0) throw new IllegalStateException("block " + block + " released twice");
        if (--refCount[block] == 0) {
            used--;
            if (tokensOf[block] != null) evictable.addLast(block);
            else free.push(block);
        }
    }

    /**
     * Registers a full block under its content: {@code parentHash} chains the blocks before it.
     * Returns the block's chained hash, to pass as the next block's parent.
     */
    public synchronized long register(int block, long parentHash, int[] tokens, int from) {
        int[] own = Arrays.copyOfRange(tokens, from, from + blockTokens);
        long hash = chain(parentHash, own);
        if (tokensOf[block] == null && !cached.containsKey(hash)) {
            tokensOf[block] = own;
            hashOf[block] = hash;
            cached.put(hash, block);
            adopt(block, parentHash);
        }
        return hash;
    }

    /**
     * Registers the first {@code count} (1 .. blockTokens-1) positions of a part-filled block, holding
     * {@code tokens[from .. from+count)} after the prefix hashed as {@code parentHash}, as a cached tail. Its owner
     * must be about to release it and never write it again.
     */
    public synchronized void registerTail(int block, long parentHash, int[] tokens, int from, int count) {
        if (count <= 0 || count >= blockTokens) throw new IllegalArgumentException("a tail holds 1.." + (blockTokens - 1) + " positions, not " + count);
        if (tokensOf[block] != null) return;
        tokensOf[block] = Arrays.copyOfRange(tokens, from, from + count);
        adopt(block, parentHash);
    }

    private void adopt(int block, long parentHash) {
        parentOf[block] = parentHash;
        children.computeIfAbsent(parentHash, k -> new LinkedHashSet<>()).add(block);
    }

    /** A fresh block holding a copy of a cached block's first {@code positions} keys and values. */
    public record PartialHit(int block, int positions) {}

    /**
     * After the prefix hashed as {@code parentHash}, finds the cached block (full or tail) whose tokens share the
     * longest start with {@code tokens[from .. from+maxCount)}, and copies those positions' keys and values of every
     * layer into a fresh block (reference count 1, not registered: its owner fills the rest). Null when nothing
     * matches or no block is free.
     */
    public synchronized PartialHit copyPartial(long parentHash, int[] tokens, int from, int maxCount) {
        Set<Integer> candidates = children.get(parentHash);
        if (candidates == null || maxCount <= 0) return null;
        int best = -1, bestCount = 0;
        for (int c : candidates) {
            int[] own = tokensOf[c];
            int n = Math.min(Math.min(own.length, maxCount), tokens.length - from);
            int m = 0;
            while (m < n && own[m] == tokens[from + m]) m++;
            if (m > bestCount) {
                best = c;
                bestCount = m;
            }
        }
        if (best < 0) return null;
        // Pinned while a fresh block is taken, so eviction cannot hand out the very block being copied.
        retain(best);
        int fresh = tryAllocate();
        if (fresh >= 0) {
            float[] src = blocks[best], dst = blocks[fresh];
            for (int layer = 0; layer < layers; layer++) {
                System.arraycopy(src, keyOffset(layer, 0), dst, keyOffset(layer, 0), bestCount * kvDim);
                System.arraycopy(src, valueOffset(layer, 0), dst, valueOffset(layer, 0), bestCount * kvDim);
            }
        }
        release(best);
        return fresh < 0 ? null : new PartialHit(fresh, bestCount);
    }

    /**
     * The cached block holding {@code tokens[from .. from+blockTokens)} after the prefix hashed as
     * {@code parentHash}, with a reference taken for the caller; -1 when not cached.
     */
    public synchronized int lookup(long parentHash, int[] tokens, int from) {
        long hash = chainOf(parentHash, tokens, from);
        Integer block = cached.get(hash);
        if (block == null || !Arrays.equals(tokensOf[block], 0, blockTokens, tokens, from, from + blockTokens)) return -1;
        retain(block);
        return block;
    }

    /** Takes a reference to a cached block; an idle one stops being evictable. */
    private void retain(int block) {
        if (refCount[block]++ == 0) {
            evictable.remove(block);
            used++;
        }
    }

    /** The chained hash of {@code tokens[from .. from+blockTokens)} after {@code parentHash}. */
    public long chainOf(long parentHash, int[] tokens, int from) {
        long h = parentHash * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int i = from; i < from + blockTokens; i++) h = mix(h ^ tokens[i]);
        return h;
    }

    private long chain(long parentHash, int[] own) {
        return chainOf(parentHash, own, 0);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void forget(int block) {
        if (tokensOf[block].length == blockTokens) cached.remove(hashOf[block]);
        Set<Integer> siblings = children.get(parentOf[block]);
        if (siblings != null) {
            siblings.remove(block);
            if (siblings.isEmpty()) children.remove(parentOf[block]);
        }
        tokensOf[block] = null;
        parentOf[block] = 0;
        hashOf[block] = 0;
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
