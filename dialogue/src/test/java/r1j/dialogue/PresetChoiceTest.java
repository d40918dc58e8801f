package r1j.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import r1j.dialogue.events.ValueSource;
import r1j.dialogue.state.IntentValue;
import r1j.engine.settings.TaskPreset;

class PresetChoiceTest {
    private static PresetChoice choice(TaskPreset requested) {
        return new PresetChoice(requested, preset -> {
            throw new AssertionError("choosing resolves nothing");
        });
    }

    private static IntentValue intent(String name) {
        return new IntentValue(name, 0.9, ValueSource.RULE, 1);
    }

    @Test
    void the_tracked_intent_picks_the_preset_when_the_request_names_none() {
        assertThat(choice(null).choose(intent("solve_math_problem"))).isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(intent("debug_code"))).isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(intent("write_code"))).as("exactness wins over writing").isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(intent("WriteStory"))).isEqualTo(TaskPreset.CREATIVE);
        assertThat(choice(null).choose(intent("book_table"))).isEqualTo(TaskPreset.DEFAULT);
        assertThat(choice(null).choose(null)).as("no intent recognised").isEqualTo(TaskPreset.DEFAULT);
    }

    @Test
    void a_named_preset_wins_over_the_intent() {
        assertThat(choice(TaskPreset.CREATIVE).choose(intent("solve_math_problem"))).isEqualTo(TaskPreset.CREATIVE);
    }
}
