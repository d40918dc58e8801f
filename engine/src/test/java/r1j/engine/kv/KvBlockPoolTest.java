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
}
