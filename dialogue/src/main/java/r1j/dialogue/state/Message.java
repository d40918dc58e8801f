package r1j.dialogue.state;

import r1j.dialogue.events.ReplyStats;

/**
 * One entry of the visible history.
 *
 * @param reasoning  the assistant's thinking (stored, never put back into a prompt); empty for other roles
 * @param toolCallId links a {@link Role#TOOL_CALL} to its {@link Role#TOOL_RESULT}
 * @param toolName   the called tool (TOOL_CALL, whose {@code content} holds the JSON arguments; TOOL_RESULT when logged)
 * @param complete   false for an assistant reply that was cut short
 * @param finishReason why an assistant reply ended ({@code stop}, {@code length}, {@code cancelled}, {@code error});
 *                     null for other roles
 * @param stats      an assistant reply's timings and token counts; null for other roles and for older logs
 * @param error      TOOL_RESULT only: the error alone when the call failed, else null
 * @param durationMs TOOL_RESULT only: how long the call took; null for other roles
 */
public record Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
        int turn, long seq, String finishReason, ReplyStats stats, String error, Long durationMs) {
    public enum Role { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }

    /** A message that is neither an assistant reply with its numbers nor a tool result. */
    public Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
            int turn, long seq) {
        this(role, content, reasoning, toolCallId, toolName, complete, turn, seq, null, null, null, null);
    }
}
