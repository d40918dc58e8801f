package r1j.dialogue.state;

/** A running summary that stands in for turns 1..throughTurn in prompts. */
public record Summary(String text, int throughTurn) {}
