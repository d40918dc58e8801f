package r1j.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequenceMatcherTest {

    @Test
    void holds_back_a_possible_stop_across_deltas_and_stops_when_it_completes() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("</answer>"));
        assertThat(m.feed("The result <").text()).isEqualTo("The result ");
        assertThat(m.feed("/ans").text()).isEmpty();
        StopSequenceMatcher.Output last = m.feed("wer> trailing");
        assertThat(last.text()).isEmpty();
        assertThat(last.isStop()).isTrue();
        assertThat(last.stop()).isEqualTo("</answer>");
        assertThat(m.matchedStop()).isEqualTo("</answer>");
        assertThat(m.feed("more").text()).isEmpty();
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void releases_held_text_as_soon_as_it_cannot_be_a_stop() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("STOP"));
        assertThat(m.feed("a ST").text()).isEqualTo("a ");
        assertThat(m.feed("Ox").text()).isEqualTo("STOx");
        assertThat(m.feed("S").text()).isEmpty();
        assertThat(m.feed("S").text()).isEqualTo("S"); // "SS": only the second S may still start STOP
        assertThat(m.matchedStop()).isNull();
    }

    @Test
    void emits_everything_when_no_stop_matches() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("\n\nUser:", "<|end|>"));
        StringBuilder out = new StringBuilder();
        String[] deltas = {"Hello", " world", "\n", "\nUs", "ually <|e", "nd", " of it", "\n\nUser"};
        for (String d : deltas) {
            StopSequenceMatcher.Output o = m.feed(d);
            assertThat(o.isStop()).isFalse();
            out.append(o.text());
        }
        assertThat(out.toString()).isEqualTo("Hello world\n\nUsually <|end of it");
        out.append(m.flush());
        assertThat(out.toString()).isEqualTo(String.join("", deltas));
    }

    @Test
    void a_stop_inside_one_delta_releases_the_text_before_it() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("STOP"));
        StopSequenceMatcher.Output o = m.feed("abcSTOPdef");
        assertThat(o.text()).isEqualTo("abc");
        assertThat(o.stop()).isEqualTo("STOP");
    }

    @Test
    void the_earliest_stop_wins_and_held_text_before_it_is_released() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of("world", "lo w", "xyz"));
        assertThat(m.feed("hel").text()).isEqualTo("he"); // "l" may begin "lo w"
        StopSequenceMatcher.Output o = m.feed("lo world");
        assertThat(o.text()).isEqualTo("l");
        assertThat(o.stop()).isEqualTo("lo w");

        StopSequenceMatcher longest = new StopSequenceMatcher(List.of("ab", "abc"));
        assertThat(longest.feed("xabcd").stop()).isEqualTo("abc");
    }

    @Test
    void without_stop_strings_text_passes_straight_through() {
        StopSequenceMatcher m = new StopSequenceMatcher(List.of());
        assertThat(m.feed("anything <").text()).isEqualTo("anything <");
        assertThat(m.flush()).isEmpty();
        assertThatThrownBy(() -> new StopSequenceMatcher(List.of(""))).hasMessageContaining("must not be empty");
    }
}
