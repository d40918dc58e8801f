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
        String text = "write me a poem";  // the intent, once tracked, decides over the message's words
        assertThat(choice(null).choose(intent("solve_math_problem"), text)).isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(intent("debug_code"), text)).isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(intent("write_code"), text)).as("exactness wins over writing")
                .isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(intent("WriteStory"), "hi")).isEqualTo(TaskPreset.CREATIVE);
        assertThat(choice(null).choose(intent("book_table"), text)).isEqualTo(TaskPreset.DEFAULT);
    }

    @Test
    void without_an_intent_the_words_of_the_message_pick_it() {
        assertThat(choice(null).choose(null, "Solve x^2 = 4 and put the answer in \\boxed{}.")).isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(null, "Fix this Python function")).isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(null, "Write a very long story.")).isEqualTo(TaskPreset.CREATIVE);
        assertThat(choice(null).choose(null, "A poem about the code of honour")).as("reasoning words first")
                .isEqualTo(TaskPreset.REASONING);
        assertThat(choice(null).choose(null, "In the aftermath, what happened?")).as("whole words only")
                .isEqualTo(TaskPreset.DEFAULT);
        assertThat(choice(null).choose(null, "Hello there")).isEqualTo(TaskPreset.DEFAULT);
    }

    @Test
    void a_named_preset_wins_over_the_intent_and_the_message() {
        assertThat(choice(TaskPreset.CREATIVE).choose(intent("solve_math_problem"), "solve it")).isEqualTo(TaskPreset.CREATIVE);
    }
}
