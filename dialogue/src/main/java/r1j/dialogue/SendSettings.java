package r1j.dialogue;

import r1j.dialogue.tracking.Tracker;
import r1j.engine.sampling.SamplingParams;

/**
 * How to answer one message.
 *
 * @param system   instructions put in front of the first kept user message (R1 has no system role); may be null
 * @param tracking how to update intent and slots
 * @param overflow what to do when history no longer fits
 */
public record SendSettings(SamplingParams sampling, int maxTokens, String system, Tracker.Mode tracking,
        ContextPolicy overflow) {
    public SendSettings {
        if (maxTokens <= 0) throw new IllegalArgumentException("max tokens must be > 0, got " + maxTokens);
    }

    /** OpenAI's {@code truncation}: DISABLED answers an overflow with an error, the others make room. */
    public enum ContextPolicy { DISABLED, DROP_OLDEST, SUMMARIZE }

    public static SendSettings defaults(SamplingParams sampling, int maxTokens) {
        return new SendSettings(sampling, maxTokens, null, Tracker.Mode.RULES_AND_MODEL, ContextPolicy.DROP_OLDEST);
    }
}
