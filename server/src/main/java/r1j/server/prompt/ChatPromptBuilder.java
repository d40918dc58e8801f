package r1j.server.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import r1j.engine.generate.ChatPrompt;
import r1j.engine.model.LoadedModel;
import r1j.engine.template.TemplateException;
import r1j.server.http.ApiException;
import r1j.server.http.Json;
import r1j.server.protocol.ChatMessage;

/**
 * Request messages to prompt tokens: checks each message, applies the system-prompt policy, renders the model's
 * chat template and tokenizes. Runs on the request's thread, never on the engine's.
 */
public final class ChatPromptBuilder {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /** @param opensReasoning whether the prompt leaves the model inside a think block */
    public record Prompt(String text, int[] tokens, boolean opensReasoning) {}

    private final LoadedModel model;
    private final boolean foldSystemPromptByDefault;

    /** @param foldSystemPromptByDefault the server's policy, for requests that do not choose */
    public ChatPromptBuilder(LoadedModel model, boolean foldSystemPromptByDefault) {
        this.model = model;
        this.foldSystemPromptByDefault = foldSystemPromptByDefault;
    }

    /** @param foldSystemPrompt the request's override of the server policy, or null */
    public Prompt build(List<ChatMessage> messages, Boolean foldSystemPrompt, boolean addGenerationPrompt) {
        return build(messages, foldSystemPrompt, addGenerationPrompt, ToolPlan.NONE);
    }

    /**
     * @param tools functions to offer: given to the template as {@code tools}; when the template ignores them
     *              (its output does not change), described in a block put in front of the first user turn instead
     */
    public Prompt build(List<ChatMessage> messages, Boolean foldSystemPrompt, boolean addGenerationPrompt,
            ToolPlan tools) {
        if (messages == null || messages.isEmpty()) {
            throw new ApiException.BadRequest("messages must be a non-empty array", "messages");
        }
        List<Map<String, Object>> converted = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) converted.add(toTemplateMessage(messages.get(i), i));
        boolean fold = foldSystemPrompt == null ? foldSystemPromptByDefault : foldSystemPrompt;
        List<? extends Map<String, ?>> rendered = fold ? ChatPrompt.foldSystemIntoFirstUser(converted) : converted;
        String text = render(rendered, null, addGenerationPrompt);
        if (tools.active()) {
            String withTools = render(rendered, tools.templateTools(), addGenerationPrompt);
            text = !withTools.equals(text) ? withTools
                    : render(withToolBlock(rendered, ToolPrompt.block(tools)), null, addGenerationPrompt);
        }
        int[] tokens = model.tokenizer().encodeWithBos(text);
        return new Prompt(text, tokens, r1j.engine.reasoning.ReasoningSplitter.promptOpensReasoning(text));
    }

    private String render(List<? extends Map<String, ?>> messages, List<? extends Map<String, ?>> tools,
            boolean addGenerationPrompt) {
        try {
            return ChatPrompt.render(model, messages, tools, addGenerationPrompt);
        } catch (TemplateException e) {
            if (e.kind() == TemplateException.Kind.RAISED) {
                throw new ApiException.BadRequest("the chat template rejected the messages: " + e.getMessage(), "messages");
            }
            throw e;
        }
    }

    /** The tool block in front of the first user turn (a user turn of its own when there is none). */
    private static List<Map<String, Object>> withToolBlock(List<? extends Map<String, ?>> messages, String block) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, ?> m : messages) out.add(new LinkedHashMap<>(m));
        for (Map<String, Object> m : out) {
            if ("user".equals(m.get("role"))) {
                Object content = m.get("content");
                m.put("content", block + (content == null || content.toString().isEmpty() ? "" : "\n\n" + content));
                return out;
            }
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("role", "user");
        user.put("content", block);
        int at = !out.isEmpty() && "system".equals(out.get(0).get("role")) ? 1 : 0;
        out.add(at, user);
        return out;
    }

    private static Map<String, Object> toTemplateMessage(ChatMessage m, int index) {
        String where = "messages[" + index + "]";
        if (m == null) throw new ApiException.BadRequest(where + " must be an object", where);
        if (m.role() == null) throw new ApiException.BadRequest(where + ".role is required", where + ".role");
        if (!ROLES.contains(m.role())) {
            throw new ApiException.BadRequest(where + ".role '" + m.role() + "' is not one of " + ROLES, where + ".role");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        // "developer" is OpenAI's newer name for the system role.
        out.put("role", m.role().equals("developer") ? "system" : m.role());
        String content = text(m.content(), where + ".content");
        boolean calls = m.toolCalls() != null && !m.toolCalls().isEmpty();
        // Templates (R1's) write an assistant turn's calls only when its content is none; clients often send "".
        if (calls && content != null && content.isBlank()) content = null;
        if (content == null && !calls) {
            if (!m.role().equals("assistant")) {
                throw new ApiException.BadRequest(where + ".content is required for role " + m.role(), where + ".content");
            }
            content = "";
        }
        out.put("content", content);
        if (m.name() != null) out.put("name", m.name());
        if (m.toolCallId() != null) out.put("tool_call_id", m.toolCallId());
        if (calls) {
            List<Object> converted = new ArrayList<>();
            for (int i = 0; i < m.toolCalls().size(); i++) {
                converted.add(toolCall(m.toolCalls().get(i), where + ".tool_calls[" + i + "]"));
            }
            out.put("tool_calls", converted);
        }
        return out;
    }

    /**
     * One earlier call, in OpenAI's shape. {@code function.arguments} must reach the template as a string (R1's
     * concatenates it); a client that sends an object gets it written as compact JSON.
     */
    private static Map<String, Object> toolCall(JsonNode call, String where) {
        if (call == null || !call.isObject()) throw new ApiException.BadRequest(where + " must be an object", where);
        JsonNode function = call.get("function");
        if (function == null || !function.isObject() || !function.path("name").isTextual()) {
            throw new ApiException.BadRequest(where + ".function.name is required", where + ".function");
        }
        JsonNode args = function.get("arguments");
        String arguments;
        if (args == null || args.isNull()) {
            arguments = "{}";
        } else if (args.isTextual()) {
            arguments = args.asText();
        } else if (args.isObject()) {
            arguments = new String(Json.bytes(args), java.nio.charset.StandardCharsets.UTF_8);
        } else {
            throw new ApiException.BadRequest(where + ".function.arguments must be a JSON string", where + ".function");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Json.MAPPER.convertValue(call, LinkedHashMap.class);
        out.putIfAbsent("type", "function");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", function.get("name").asText());
        f.put("arguments", arguments);
        out.put("function", f);
        return out;
    }

    /** A string, or the concatenated text of an array of {@code {"type":"text","text":...}} parts. */
    private static String text(JsonNode content, String where) {
        if (content == null || content.isNull()) return null;
        if (content.isTextual()) return content.asText();
        if (!content.isArray()) {
            throw new ApiException.BadRequest(where + " must be a string or an array of content parts", where);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw new ApiException.BadRequest(where + "[" + i + "]: only {\"type\": \"text\", \"text\": ...} parts"
                        + " are supported (this model reads text only), got type '" + type + "'", where);
            }
            out.append(part.get("text").asText());
        }
        return out.toString();
    }
}
