package r1j.engine.speculative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NgramProposerTest {

    private static int[] draft(SpeculativeConfig config, int maxDraft, int... tokens) {
        int[] out = new int[SpeculativeConfig.MAX_DRAFT];
        int n = new NgramProposer(config).propose(tokens, tokens.length, maxDraft, out);
        return Arrays.copyOf(out, n);
    }

    @Test
    void proposes_what_followed_the_last_ngram_earlier_in_the_sequence() {
        // "1 2 3" appeared before, followed by 4 5 6 7; the sequence now ends with "1 2 3" again.
        assertThat(draft(SpeculativeConfig.ngram(3, 2, 3), 10, 9, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3))
                .containsExactly(4, 5, 6);
    }

    @Test
    void the_longest_ngram_wins_over_a_later_shorter_match() {
        // The 3-gram "1 2 3" matches at 0 (followed by 40); the 2-gram "2 3" also matches later at 5 (followed by 50).
        assertThat(draft(SpeculativeConfig.ngram(1, 2, 3), 10, 1, 2, 3, 40, 7, 2, 3, 50, 1, 2, 3)).containsExactly(40);
        // With n-grams of 2 only, the latest "2 3" is taken.
        assertThat(draft(SpeculativeConfig.ngram(1, 2, 2), 10, 1, 2, 3, 40, 7, 2, 3, 50, 1, 2, 3)).containsExactly(50);
    }

    @Test
    void the_latest_occurrence_of_equal_length_wins() {
        assertThat(draft(SpeculativeConfig.ngram(2, 2, 2), 10, 5, 6, 10, 11, 5, 6, 20, 21, 5, 6))
                .containsExactly(20, 21);
    }

    @Test
    void nothing_shorter_than_ngram_min_starts_a_draft() {
        // Only the single token 3 repeats; with n-grams of at least 2 nothing is drafted.
        assertThat(draft(SpeculativeConfig.ngram(4, 2, 4), 10, 3, 8, 9, 1, 3)).isEmpty();
        assertThat(draft(SpeculativeConfig.ngram(4, 1, 4), 10, 3, 8, 9, 1, 3)).containsExactly(8, 9, 1, 3);
    }

    @Test
    void a_repeating_cycle_drafts_into_the_suffix_itself() {
        // 7 8 7 8 7 8: the latest earlier "7 8" is at 2, followed by 7 8 (the suffix): the cycle continues.
        assertThat(draft(SpeculativeConfig.ngram(5, 2, 2), 10, 7, 8, 7, 8, 7, 8)).containsExactly(7, 8);
        // A single token repeated: after the latest earlier "5 5 5" comes one 5, the last token.
        assertThat(draft(SpeculativeConfig.ngram(5, 2, 3), 10, 5, 5, 5, 5)).containsExactly(5);
    }

    @Test
    void the_draft_is_capped_by_draft_max_and_by_the_caller() {
        int[] seq = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2};
        assertThat(draft(SpeculativeConfig.ngram(3, 2, 2), 10, seq)).containsExactly(3, 4, 5);
        assertThat(draft(SpeculativeConfig.ngram(3, 2, 2), 2, seq)).containsExactly(3, 4);
        assertThat(draft(SpeculativeConfig.ngram(3, 2, 2), 0, seq)).isEmpty();
    }

    @Test
    void short_or_unrepeated_sequences_draft_nothing() {
        assertThat(draft(SpeculativeConfig.ngram(), 5, 1)).isEmpty();
        assertThat(draft(SpeculativeConfig.ngram(), 5, 1, 2)).isEmpty();
        assertThat(draft(SpeculativeConfig.ngram(), 5, 1, 2, 3, 4, 5, 6)).isEmpty();
    }

    @Test
    void only_the_used_length_of_the_array_counts() {
        int[] tokens = {1, 2, 9, 1, 2, 77, 77, 77};
        int[] out = new int[4];
        int n = new NgramProposer(SpeculativeConfig.ngram(4, 2, 2)).propose(tokens, 5, 4, out);
        assertThat(Arrays.copyOf(out, n)).containsExactly(9, 1, 2);
    }

    @Test
    void configuration_is_checked() {
        assertThatThrownBy(() -> SpeculativeConfig.ngram(0, 2, 4)).hasMessageContaining("draft-max");
        assertThatThrownBy(() -> SpeculativeConfig.ngram(SpeculativeConfig.MAX_DRAFT + 1, 2, 4))
                .hasMessageContaining("draft-max");
        assertThatThrownBy(() -> SpeculativeConfig.ngram(5, 3, 2)).hasMessageContaining("ngram-min");
        assertThatThrownBy(() -> SpeculativeConfig.ngram(5, 0, 2)).hasMessageContaining("ngram-min");
        assertThatThrownBy(() -> new NgramProposer(SpeculativeConfig.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SpeculativeConfig.Method.parse(" NGRAM ")).isEqualTo(SpeculativeConfig.Method.NGRAM);
        assertThat(SpeculativeConfig.Method.parse("none")).isEqualTo(SpeculativeConfig.Method.NONE);
        assertThatThrownBy(() -> SpeculativeConfig.Method.parse("eagle")).hasMessageContaining("'eagle'");
    }
}
