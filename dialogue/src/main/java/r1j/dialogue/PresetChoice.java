package r1j.dialogue;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import r1j.dialogue.state.IntentValue;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.settings.TaskPreset;

/**
 * Which task preset a reply uses, decided once this turn's intent is tracked (the request is resolved before
 * tracking runs, so the choice has to wait for it): the one the client named, else one read from the intent's name.
 *
 * @param requested the preset the client named; null to choose from the tracked intent
 * @param resolve   the reply settings with a preset, from the caller's one settings resolver
 */
public record PresetChoice(TaskPreset requested, Function<TaskPreset, GenerationSettings> resolve) {
    /** Words in intent names that ask for one right answer: maths, code, logic. */
    private static final List<String> REASONING = List.of("math", "calc", "arithmetic", "equation", "solve", "proof",
            "prove", "code", "coding", "program", "debug", "algorithm", "logic", "reason", "puzzle");
    /** Words in intent names that ask for open-ended writing. */
    private static final List<String> CREATIVE = List.of("creative", "story", "stories", "poem", "poetry", "fiction",
            "lyric", "brainstorm", "write", "writing", "joke", "roleplay");

    public PresetChoice {
        Objects.requireNonNull(resolve, "resolve");
    }

    /** The preset for a turn whose tracked intent is {@code intent} (null: none recognised). */
    public TaskPreset choose(IntentValue intent) {
        return requested != null ? requested : forIntent(intent == null ? null : intent.name());
    }

    /** The preset an intent's name suggests: reasoning words first (a "write_code" intent wants exactness). */
    static TaskPreset forIntent(String intentName) {
        if (intentName == null) return TaskPreset.DEFAULT;
        String name = intentName.toLowerCase(Locale.ROOT);
        if (REASONING.stream().anyMatch(name::contains)) return TaskPreset.REASONING;
        if (CREATIVE.stream().anyMatch(name::contains)) return TaskPreset.CREATIVE;
        return TaskPreset.DEFAULT;
    }
}
