package r1j.dialogue.state;

import com.fasterxml.jackson.databind.JsonNode;
import r1j.dialogue.events.ValueSource;

/** A filled slot: its value (text, number, boolean, ISO date text, or an array), how sure, who set it and when. */
public record SlotValue(JsonNode value, double confidence, ValueSource source, int turn) {}
