package r1j.dialogue.state;

import r1j.dialogue.events.ReplyStats;

/**
 * One entry of the visible history.
 *
 * @param reasoning  the assistant's thinking (stored, never put back into a prompt); empty for other roles
 * @param toolCallId links a {@link Role#TOOL_CALL} to its {@link Role#TOOL_RESULT}
 * @param toolName   the called tool (TOOL_CALL only); {@code content} then holds the JSON arguments
 * @param complete   false for an assistant reply that was cut short
 * @param finishReason why an assistant reply ended ({@code stop}, {@code length}, {@code cancelled}, {@code error});
 *                     null for other roles
 * @param stats      an assistant reply's timings and token counts; null for other roles and for older logs
 */
public record Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
        int turn, long seq, String finishReason, ReplyStats stats) {
    public enum Role { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }

    /** A message that is not an assistant reply, or one without its numbers. */
    public Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
            int turn, long seq) {
        this(role, content, reasoning, toolCallId, toolName, complete, turn, seq, null, null);
    }
}
