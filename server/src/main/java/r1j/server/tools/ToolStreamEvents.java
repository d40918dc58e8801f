package r1j.server.tools;

import r1j.server.protocol.ConversationBodies;

/**
 * The stream events of a tool step in {@code POST /v1/conversations/{id}/messages} with {@code "stream": true}, each
 * sent once the step is stored: a model turn that called tools ended, a call it made (about to run), and that call's
 * result with its error and duration. The reply deltas after them belong to the next model turn.
 */
public final class ToolStreamEvents {
    private ToolStreamEvents() {}

    /** The model turn that made the calls that follow (its text without the call markup). */
    public record AssistantStep(String object, String conversation, ConversationBodies.Event event) {
        public AssistantStep(String conversation, ConversationBodies.Event event) {
            this("conversation.assistant_step", conversation, event);
        }
    }

    public record ToolCall(String object, String conversation, ConversationBodies.Event event) {
        public ToolCall(String conversation, ConversationBodies.Event event) {
            this("conversation.tool_call", conversation, event);
        }
    }

    public record ToolResult(String object, String conversation, ConversationBodies.Event event) {
        public ToolResult(String conversation, ConversationBodies.Event event) {
            this("conversation.tool_result", conversation, event);
        }
    }
}
