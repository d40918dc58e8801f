package r1j.dialogue;

import r1j.dialogue.tracking.Tracker;
import r1j.engine.generate.GenerationSettings;

/**
 * How to answer one message.
 *
 * @param reply    how to generate the reply (sampling, max tokens, thinking budget), resolved by the caller
 * @param system   instructions put in front of the first kept user message (R1 has no system role); may be null
 * @param tracking how to update intent and slots
 * @param overflow what to do when history no longer fits
 * @param presets  how to pick the reply's task preset once the intent is tracked; null for none (the request set
 *                 the temperature itself): then {@code reply} is used as it is
 */
public record SendSettings(GenerationSettings reply, String system, Tracker.Mode tracking, ContextPolicy overflow,
        PresetChoice presets) {
    public SendSettings {
        if (reply.maxTokens() <= 0) throw new IllegalArgumentException("max tokens must be > 0, got " + reply.maxTokens());
    }

    /** Settings without a task preset: {@code reply} as it is. */
    public SendSettings(GenerationSettings reply, String system, Tracker.Mode tracking, ContextPolicy overflow) {
        this(reply, system, tracking, overflow, null);
    }

    /** OpenAI's {@code truncation}: DISABLED answers an overflow with an error, the others make room. */
    public enum ContextPolicy { DISABLED, DROP_OLDEST, SUMMARIZE }

    public static SendSettings defaults(GenerationSettings reply) {
        return new SendSettings(reply, null, Tracker.Mode.RULES_AND_MODEL, ContextPolicy.DROP_OLDEST);
    }
}
