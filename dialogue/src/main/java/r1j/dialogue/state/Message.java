package r1j.dialogue.state;

/**
 * One entry of the visible history.
 *
 * @param reasoning  the assistant's thinking (stored, never put back into a prompt); empty for other roles
 * @param toolCallId links a {@link Role#TOOL_CALL} to its {@link Role#TOOL_RESULT}
 * @param toolName   the called tool (TOOL_CALL only); {@code content} then holds the JSON arguments
 * @param complete   false for an assistant reply that was cut short
 */
public record Message(Role role, String content, String reasoning, String toolCallId, String toolName, boolean complete,
        int turn, long seq) {
    public enum Role { USER, ASSISTANT, TOOL_CALL, TOOL_RESULT }
}
