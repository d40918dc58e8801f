package r1j.engine.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KvBlockPoolTest {
    private static int[] tokens(int n, int salt) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = i * 31 + salt;
        return t;
    }

    @Test
    void allocation_stops_at_the_budget_and_release_makes_room() {
        KvBlockPool pool = new KvBlockPool(4, 2, 8, 3);
        int a = pool.tryAllocate(), b = pool.tryAllocate(), c = pool.tryAllocate();
        assertThat(pool.tryAllocate()).isEqualTo(-1);
        assertThat(pool.usedBlocks()).isEqualTo(3);
        pool.release(b);
        assertThat(pool.tryAllocate()).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        pool.release(a);
        assertThatThrownBy(() -> pool.release(a)).hasMessageContaining("twice");
    }

    @Test
    void a_full_registered_block_is_shared_by_a_sequence_with_the_same_prefix() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 8);
        int[] prompt = tokens(10, 1);
        SequenceKv first = new SequenceKv(pool);
        first.ensureCapacity(10);
        first.registerFullBlocks(prompt, 10);            // two full blocks of 4 registered
        SequenceKv second = new SequenceKv(pool);
        assertThat(second.adoptCachedPrefix(prompt, 9)).isEqualTo(8);
        assertThat(second.blockFor(0)).isSameAs(first.blockFor(0));
        assertThat(second.blockFor(5)).isSameAs(first.blockFor(5));
        first.release();
        second.release();
        assertThat(pool.usedBlocks()).isZero();
        assertThat(pool.cachedIdleBlocks()).isEqualTo(2);
        // Idle cached blocks still serve a hit after their owners are gone.
        SequenceKv third = new SequenceKv(pool);
        assertThat(third.adoptCachedPrefix(prompt, 9)).isEqualTo(8);
        third.release();
    }

    @Test
    void a_different_earlier_block_means_no_hit_for_later_identical_blocks() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 8);
        int[] a = tokens(8, 1);
        int[] b = a.clone();
        b[0] = 999;                                       // same second block, different first block
        SequenceKv s = new SequenceKv(pool);
        s.ensureCapacity(8);
        s.registerFullBlocks(a, 8);
        assertThat(new SequenceKv(pool).adoptCachedPrefix(b, 8)).isZero();
    }

    @Test
    void cached_idle_blocks_are_evicted_when_fresh_ones_are_needed() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 2);
        int[] prompt = tokens(8, 3);
        SequenceKv s = new SequenceKv(pool);
        s.ensureCapacity(8);
        s.registerFullBlocks(prompt, 8);
        s.release();
        assertThat(pool.cachedIdleBlocks()).isEqualTo(2);
        SequenceKv other = new SequenceKv(pool);
        assertThat(other.ensureCapacity(8)).isTrue();   // both evicted
        assertThat(pool.cachedIdleBlocks()).isZero();
        other.release();
        assertThat(new SequenceKv(pool).adoptCachedPrefix(prompt, 8)).isZero();
    }

    @Test
    void a_sequence_cannot_rewind_into_shared_blocks() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 8);
        int[] prompt = tokens(8, 5);
        SequenceKv s = new SequenceKv(pool);
        s.ensureCapacity(8);
        s.setLength(8);
        s.registerFullBlocks(prompt, 8);
        assertThatThrownBy(() -> s.setLength(2)).hasMessageContaining("prefix cache");
    }

    /** Writes a recognisable key and value for every layer at {@code position}. */
    private static void fill(SequenceKv kv, int position, int layers, float tag) {
        float[] block = kv.blockFor(position);
        for (int layer = 0; layer < layers; layer++) {
            block[kv.keyOffset(layer, position)] = tag + layer;
            block[kv.valueOffset(layer, position) + 1] = -tag - layer;
        }
    }

    private static void assertFilled(SequenceKv kv, int position, int layers, float tag) {
        float[] block = kv.blockFor(position);
        for (int layer = 0; layer < layers; layer++) {
            assertThat(block[kv.keyOffset(layer, position)]).isEqualTo(tag + layer);
            assertThat(block[kv.valueOffset(layer, position) + 1]).isEqualTo(-tag - layer);
        }
    }

    @Test
    void the_tail_a_finished_sequence_leaves_is_copied_for_a_prompt_that_starts_with_it() {
        KvBlockPool pool = new KvBlockPool(4, 3, 2, 8);
        int[] prompt = tokens(6, 7);
        SequenceKv first = new SequenceKv(pool);
        first.ensureCapacity(7);
        for (int p = 0; p < 6; p++) fill(first, p, 3, 10 * p + 1);
        first.setLength(6);
        first.registerFullBlocks(prompt, 6);
        first.registerTail(prompt);
        float[] tail = first.blockFor(5);
        first.release();
        assertThat(pool.cachedIdleBlocks()).isEqualTo(2);

        int[] next = java.util.Arrays.copyOf(prompt, 9);
        next[6] = 5000;
        next[7] = 5001;
        next[8] = 5002;
        SequenceKv second = new SequenceKv(pool);
        assertThat(second.adoptCachedPrefix(next, 8)).isEqualTo(6);
        assertThat(second.blockFor(5)).isNotSameAs(tail);   // a copy: the owner writes positions 6.. into it
        for (int p = 0; p < 6; p++) assertFilled(second, p, 3, 10 * p + 1);
        // The limit still leaves the prompt's last position to compute: here only 5 of the 6 cached positions.
        SequenceKv third = new SequenceKv(pool);
        assertThat(third.adoptCachedPrefix(prompt, 5)).isEqualTo(5);
    }

    @Test
    void the_matching_start_of_a_full_cached_block_is_copied() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 8);
        int[] a = tokens(8, 9);
        SequenceKv s = new SequenceKv(pool);
        s.ensureCapacity(8);
        for (int p = 0; p < 8; p++) fill(s, p, 1, p + 0.5f);
        s.setLength(8);
        s.registerFullBlocks(a, 8);
        int[] b = a.clone();
        b[7] = -1;                                        // the second block differs in its last token
        SequenceKv t = new SequenceKv(pool);
        assertThat(t.adoptCachedPrefix(b, 8)).isEqualTo(7);
        assertThat(t.blockFor(0)).isSameAs(s.blockFor(0));
        assertThat(t.blockFor(4)).isNotSameAs(s.blockFor(4));
        for (int p = 0; p < 7; p++) assertFilled(t, p, 1, p + 0.5f);
    }

    @Test
    void the_block_being_copied_is_never_the_one_evicted_to_make_room_for_the_copy() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 2);
        int[] prompt = tokens(6, 11);
        SequenceKv first = new SequenceKv(pool);
        first.ensureCapacity(6);
        first.setLength(6);
        first.registerFullBlocks(prompt, 6);
        first.registerTail(prompt);
        first.release();
        // The first block is shared, the tail is the only other block: no room for a copy, so only whole blocks.
        SequenceKv second = new SequenceKv(pool);
        assertThat(second.adoptCachedPrefix(tokens(9, 11), 8)).isEqualTo(4);
        second.release();
        assertThat(pool.cachedIdleBlocks()).isEqualTo(2);
        assertThat(new SequenceKv(pool).adoptCachedPrefix(tokens(9, 11), 8)).isEqualTo(4);
    }

    @Test
    void an_evicted_tail_is_forgotten() {
        KvBlockPool pool = new KvBlockPool(4, 1, 2, 1);
        int[] prompt = tokens(3, 13);
        SequenceKv first = new SequenceKv(pool);
        first.ensureCapacity(3);
        first.setLength(3);
        first.registerTail(prompt);
        first.release();
        SequenceKv other = new SequenceKv(pool);
        assertThat(other.ensureCapacity(4)).isTrue();     // evicts the tail
        other.release();
        assertThat(new SequenceKv(pool).adoptCachedPrefix(tokens(5, 13), 4)).isZero();
    }
}
