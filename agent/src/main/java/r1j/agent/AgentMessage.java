package r1j.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.agent.tool.ToolFunction;

/** One message of the conversation the loop extends, in the roles a chat template knows. */
public sealed interface AgentMessage {
    /** The OpenAI message shape ({@code role}, {@code content}, {@code tool_calls}, ...) that chat templates read. */
    Map<String, Object> asTemplateMessage();

    record SystemPrompt(String content) implements AgentMessage {
        @Override
        public Map<String, Object> asTemplateMessage() {
            return message("system", content);
        }
    }

    record User(String content) implements AgentMessage {
        @Override
        public Map<String, Object> asTemplateMessage() {
            return message("user", content);
        }
    }

    /**
     * A model turn.
     *
     * @param content   the answer text, calls taken out
     * @param reasoning the thinking before it (kept for display, never put back into a prompt by R1's template)
     * @param calls     the calls it made, in order
     */
    record Assistant(String content, String reasoning, List<Call> calls) implements AgentMessage {
        public Assistant {
            calls = List.copyOf(calls);
        }

        @Override
        public Map<String, Object> asTemplateMessage() {
            // Templates (R1's) write an assistant turn's calls only when its content is none.
            Map<String, Object> m = message("assistant", calls.isEmpty() || !content.isBlank() ? content : null);
            if (!calls.isEmpty()) {
                List<Object> converted = new ArrayList<>();
                for (Call c : calls) converted.add(c.asTemplateCall());
                m.put("tool_calls", converted);
            }
            return m;
        }
    }

    /** A tool's result (or its error, as text), answering the call {@code callId}. */
    record ToolResult(String callId, String name, String content) implements AgentMessage {
        @Override
        public Map<String, Object> asTemplateMessage() {
            Map<String, Object> m = message("tool", content);
            m.put("tool_call_id", callId);
            m.put("name", name);
            return m;
        }
    }

    /**
     * One call the model made.
     *
     * @param id        unique within the conversation, links the call to its {@link ToolResult}
     * @param name      the function ({@link ToolFunction#name()})
     * @param arguments the arguments as the text of one JSON object
     */
    record Call(String id, String name, String arguments) {
        Map<String, Object> asTemplateCall() {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", name);
            function.put("arguments", arguments);
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("id", id);
            call.put("type", "function");
            call.put("function", function);
            return call;
        }
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}
