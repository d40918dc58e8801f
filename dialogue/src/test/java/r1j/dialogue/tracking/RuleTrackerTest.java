package r1j.dialogue.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.DomainLoader;

class RuleTrackerTest {
    private static final Domain DOMAIN = DomainLoader.load(Path.of("src/test/resources/domains/restaurant.yaml"));
    private static final LocalDate TODAY = LocalDate.of(2025, 2, 10);
    private final RuleTracker rules = new RuleTracker(DOMAIN);

    private Map<String, String> slots(String text, String intent) {
        return rules.propose(text, intent, TODAY).slots().stream()
                .collect(Collectors.toMap(Proposal.SlotGuess::name, g -> g.value().isTextual() ? g.value().asText() : g.value().toString()));
    }

    @Test
    void the_intent_is_the_one_whose_examples_share_most_words() {
        assertThat(rules.propose("Could you book a table please", null, TODAY).intent().name()).isEqualTo("book_table");
        assertThat(rules.propose("please cancel my booking R-1234", null, TODAY).intent().name()).isEqualTo("cancel_booking");
        assertThat(rules.propose("what is the weather", null, TODAY).intent()).isNull();
    }

    @Test
    void enum_values_numbers_dates_booleans_lists_and_regexes_are_found() {
        Map<String, String> s = slots("A table for 4 people on 2025-03-01, Thai food, no veggie options, window seat and a birthday cake", "book_table");
        assertThat(s).containsEntry("guests", "4").containsEntry("date", "2025-03-01").containsEntry("cuisine", "thai")
                .containsEntry("vegetarian", "false").containsEntry("extras", "[\"window seat\",\"birthday cake\"]");
        assertThat(slots("cancel R-0042 please", "cancel_booking")).containsEntry("booking_ref", "R-0042");
        assertThat(slots("we are vegetarian", null)).containsEntry("vegetarian", "true");
        assertThat(slots("guests: 6", null)).containsEntry("guests", "6");
        assertThat(slots("for two people tomorrow", "book_table")).containsEntry("guests", "2").containsEntry("date", "2025-02-11");
    }

    /** Issue 13: with a backtracking engine, 33 a's took 140 s; RE2/J is linear in the text. */
    @Test
    void a_client_pattern_cannot_pin_a_core() {
        Domain hostile = DomainLoader.parse("intents: [{name: ask, examples: [hello]}]\n"
                + "slots: [{name: word, type: text, pattern: '(.*a){12}$'}]", "request body");
        RuleTracker tracker = new RuleTracker(hostile);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            for (int n : new int[] {33, 1_000, 100_000}) {
                assertThat(tracker.propose("a".repeat(n) + "!", null, TODAY).slots()).isEmpty();
            }
            assertThat(tracker.propose("a".repeat(40), null, TODAY).slots()).hasSize(1);
        });
    }

    @Test
    void a_lone_number_fills_the_intents_only_number_slot_as_a_guess() {
        var guess = rules.propose("5", "book_table", TODAY).slots().getFirst();
        assertThat(guess.name()).isEqualTo("guests");
        assertThat(guess.confidence()).isEqualTo(RuleTracker.LONE_NUMBER);
        assertThat(rules.propose("5", "cancel_booking", TODAY).slots()).isEmpty();
        assertThat(rules.propose("2025-03-01", "book_table", TODAY).slots()).extracting(Proposal.SlotGuess::name).containsExactly("date");
    }

    @Test
    void invalid_dates_and_unknown_enum_values_are_ignored() {
        assertThat(slots("on 2025-02-31 with korean food", "book_table")).doesNotContainKeys("date", "cuisine");
    }
}
