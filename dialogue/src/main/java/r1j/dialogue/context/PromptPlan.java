package r1j.dialogue.context;

import java.util.List;
import java.util.Map;

/**
 * A prompt that fits: its template messages, rendered text and tokens.
 *
 * @param firstTurn      the oldest user turn still in the window
 * @param droppedThrough turns 1..droppedThrough are not in the window (dropped or summarised); 0 = none
 */
public record PromptPlan(List<Map<String, Object>> messages, String text, int[] tokens, int firstTurn, int droppedThrough,
        String stateBlock) {}
