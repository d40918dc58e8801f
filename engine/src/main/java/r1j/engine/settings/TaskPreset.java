package r1j.engine.settings;

import java.util.Locale;
import r1j.engine.sampling.InvalidSettingException;

/**
 * Temperatures by kind of task, from the DeepSeek-R1 authors' usage notes: 0.5-0.7 keeps the model from endless
 * repetition or incoherent output; the low end suits tasks with one right answer, the high end open-ended writing.
 * A preset fills only the temperature a request left out (top-p and the rest keep their own defaults).
 */
public enum TaskPreset {
    /** Stories, poems, brainstorming: more variety. */
    CREATIVE(0.7),
    /** Maths, code, logic: one right answer, so less randomness. */
    REASONING(0.5),
    /** Everything else: the authors' recommended temperature. */
    DEFAULT(0.6);

    private final double temperature;

    TaskPreset(double temperature) {
        this.temperature = temperature;
    }

    public double temperature() {
        return temperature;
    }

    /** The name the API uses: {@code creative}, {@code reasoning}, {@code default}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidSettingException naming {@code field} for anything but the three names */
    public static TaskPreset parse(String value, String field) {
        for (TaskPreset p : values()) {
            if (p.apiName().equals(value)) return p;
        }
        throw new InvalidSettingException(field,
                field + " must be 'creative', 'reasoning' or 'default', got '" + value + "'");
    }
}
