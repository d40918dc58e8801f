package r1j.dialogue.state;

/**
 * One entry of the visible history.
 *
 * @param reasoning  the assistant's thinking (stored, never put back into a prompt); empty for other roles
 * @param toolCallId links a {@link Role#TOOL_CALL} to its {@link Role#TOOL_RESULT}
 * @param toolName   the called tool (TOOL_CALL, whose {@code content} holds the JSON arguments; TOOL_RESULT when logged)
 * @param complete   false for an assistant reply that was cut short
 * @param error      TOOL_RESULT only: the error alone when the call failed, else null
 * @param durationMs TOOL_RESULT only: how long the call took; null for other roles
 */
public record Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
        int turn, long seq, String error, Long durationMs) {
    public enum Role { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }

    public Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
            int turn, long seq) {
        this(role, content, reasoning, toolCallId, toolName, complete, turn, seq, null, null);
    }
}
