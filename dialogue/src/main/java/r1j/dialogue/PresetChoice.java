package r1j.dialogue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import r1j.dialogue.state.IntentValue;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.settings.TaskPreset;

/**
 * Which task preset a reply uses, decided once this turn's intent is tracked (the request is resolved before
 * tracking runs, so the choice has to wait for it): the one the client named, else one read from the tracked intent's
 * name, else (no domain, or no intent recognised) from the words of the message itself.
 *
 * @param requested the preset the client named; null to choose from the intent or the message
 * @param resolve   the reply settings with a preset, from the caller's one settings resolver
 */
public record PresetChoice(TaskPreset requested, Function<TaskPreset, GenerationSettings> resolve) {
    /** Parts of intent names (snake_case identifiers) that ask for one right answer: maths, code, logic. */
    private static final List<String> REASONING_INTENTS = List.of("math", "calc", "arithmetic", "equation", "solve",
            "proof", "prove", "code", "coding", "program", "debug", "algorithm", "logic", "reason", "puzzle");
    /** Parts of intent names that ask for open-ended writing. */
    private static final List<String> CREATIVE_INTENTS = List.of("creative", "story", "stories", "poem", "poetry",
            "fiction", "lyric", "brainstorm", "write", "writing", "joke", "roleplay");
    /** Whole words of a message that ask for one right answer. */
    private static final Set<String> REASONING_WORDS = Set.of("math", "maths", "mathematics", "calculate", "compute",
            "solve", "equation", "equations", "prove", "proof", "integral", "derivative", "probability", "boxed",
            "code", "program", "function", "python", "java", "javascript", "sql", "regex", "debug", "bug",
            "algorithm", "logic", "puzzle");
    /** Whole words of a message that ask for open-ended writing. */
    private static final Set<String> CREATIVE_WORDS = Set.of("story", "stories", "poem", "poems", "poetry", "haiku",
            "fiction", "novel", "lyrics", "song", "brainstorm", "creative", "imagine", "fairy", "tale");

    public PresetChoice {
        Objects.requireNonNull(resolve, "resolve");
    }

    /** The preset for a turn whose tracked intent is {@code intent} (null: none) and whose message is {@code text}. */
    public TaskPreset choose(IntentValue intent, String text) {
        if (requested != null) return requested;
        return intent != null ? forIntent(intent.name()) : forMessage(text);
    }

    /** The preset an intent's name suggests: reasoning words first (a "write_code" intent wants exactness). */
    static TaskPreset forIntent(String intentName) {
        String name = intentName.toLowerCase(Locale.ROOT);
        if (REASONING_INTENTS.stream().anyMatch(name::contains)) return TaskPreset.REASONING;
        if (CREATIVE_INTENTS.stream().anyMatch(name::contains)) return TaskPreset.CREATIVE;
        return TaskPreset.DEFAULT;
    }

    /** The preset a message's own words suggest, reasoning first; whole words, so "aftermath" is no maths. */
    static TaskPreset forMessage(String text) {
        List<String> words = Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"));
        if (words.stream().anyMatch(REASONING_WORDS::contains)) return TaskPreset.REASONING;
        if (words.stream().anyMatch(CREATIVE_WORDS::contains)) return TaskPreset.CREATIVE;
        return TaskPreset.DEFAULT;
    }
}
