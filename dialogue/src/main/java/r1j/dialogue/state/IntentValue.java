package r1j.dialogue.state;

import r1j.dialogue.events.ValueSource;

/** The recognised intent, how sure, who said so and in which turn. */
public record IntentValue(String name, double confidence, ValueSource source, int turn) {}
