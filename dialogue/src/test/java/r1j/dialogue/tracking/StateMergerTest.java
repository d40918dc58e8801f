package r1j.dialogue.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import r1j.dialogue.domain.Domain;
import r1j.dialogue.domain.DomainLoader;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.ConversationState;
import r1j.dialogue.state.IntentValue;
import r1j.dialogue.state.SlotValue;

class StateMergerTest {
    private static final Domain DOMAIN = DomainLoader.load(Path.of("src/test/resources/domains/restaurant.yaml"));

    private static ConversationState withVegetarian(boolean value, double confidence, ValueSource source) {
        return new ConversationState("c", 1, 3, List.of(), new IntentValue("book_table", 0.9, ValueSource.RULE, 1),
                Map.of("vegetarian", new SlotValue(BooleanNode.valueOf(value), confidence, source, 1)), null);
    }

    private static List<StateChange> propose(ConversationState state, boolean value, double confidence, ValueSource source) {
        Proposal p = new Proposal(null, List.of(new Proposal.SlotGuess("vegetarian", BooleanNode.valueOf(value), confidence, source)));
        return StateMerger.merge(DOMAIN, state, List.of(p));
    }

    @Test
    void a_less_confident_model_guess_does_not_replace_an_earlier_rule_value() {
        assertThat(propose(withVegetarian(true, 0.7, ValueSource.RULE), false, 0.6, ValueSource.MODEL)).isEmpty();
        assertThat(propose(withVegetarian(true, 0.7, ValueSource.RULE), false, 0.7, ValueSource.MODEL)).hasSize(1);
    }

    @Test
    void newer_evidence_of_the_same_kind_may_win_with_a_little_less_confidence() {
        assertThat(propose(withVegetarian(true, 0.7, ValueSource.RULE), false, 0.6, ValueSource.RULE)).hasSize(1);
        assertThat(propose(withVegetarian(true, 0.7, ValueSource.MODEL), false, 0.6, ValueSource.MODEL)).hasSize(1);
        assertThat(propose(withVegetarian(true, 0.9, ValueSource.RULE), false, 0.6, ValueSource.RULE)).isEmpty();
    }
}
