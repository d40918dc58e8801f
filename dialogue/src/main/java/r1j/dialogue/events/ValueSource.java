package r1j.dialogue.events;

/** Who set a tracked value. */
public enum ValueSource {
    /** Cheap rules over the user's text (enum values, regexes, numbers, dates, example overlap). */
    RULE,
    /** The model, with constrained decoding over the domain's slot schema. */
    MODEL,
    /** The API client, explicitly. */
    CLIENT
}
