package r1j.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import r1j.engine.generate.ChatPrompt;
import r1j.engine.model.LoadedModel;
import r1j.engine.template.TemplateException;
import r1j.server.ServerConfig.SystemPromptPolicy;
import r1j.server.protocol.ChatMessage;

/**
 * Request messages to prompt tokens: checks each message, applies the system-prompt policy, renders the model's
 * chat template and tokenizes. Runs on the request's thread, never on the engine's.
 */
final class ChatPromptBuilder {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /** @param opensReasoning whether the prompt leaves the model inside a think block */
    record Prompt(String text, int[] tokens, boolean opensReasoning) {}

    private final LoadedModel model;
    private final SystemPromptPolicy defaultPolicy;

    ChatPromptBuilder(LoadedModel model, SystemPromptPolicy defaultPolicy) {
        this.model = model;
        this.defaultPolicy = defaultPolicy;
    }

    /** @param foldSystemPrompt the request's override of the server policy, or null */
    Prompt build(List<ChatMessage> messages, Boolean foldSystemPrompt, boolean addGenerationPrompt) {
        if (messages == null || messages.isEmpty()) {
            throw new ApiException.BadRequest("messages must be a non-empty array", "messages");
        }
        List<Map<String, Object>> converted = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) converted.add(toTemplateMessage(messages.get(i), i));
        SystemPromptPolicy policy = foldSystemPrompt == null ? defaultPolicy
                : foldSystemPrompt ? SystemPromptPolicy.FOLD_INTO_FIRST_USER : SystemPromptPolicy.KEEP;
        List<? extends Map<String, ?>> rendered =
                policy == SystemPromptPolicy.FOLD_INTO_FIRST_USER ? ChatPrompt.foldSystemIntoFirstUser(converted) : converted;
        String text;
        try {
            text = ChatPrompt.render(model, rendered, null, addGenerationPrompt);
        } catch (TemplateException e) {
            if (e.kind() == TemplateException.Kind.RAISED) {
                throw new ApiException.BadRequest("the chat template rejected the messages: " + e.getMessage(), "messages");
            }
            throw e;
        }
        int[] tokens = model.tokenizer().encodeWithBos(text);
        return new Prompt(text, tokens, r1j.engine.reasoning.ReasoningSplitter.promptOpensReasoning(text));
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
        if (content == null && m.toolCalls() == null) {
            if (!m.role().equals("assistant")) {
                throw new ApiException.BadRequest(where + ".content is required for role " + m.role(), where + ".content");
            }
            content = "";
        }
        out.put("content", content);
        if (m.name() != null) out.put("name", m.name());
        if (m.toolCallId() != null) out.put("tool_call_id", m.toolCallId());
        if (m.toolCalls() != null) {
            List<Object> calls = new ArrayList<>();
            for (JsonNode call : m.toolCalls()) calls.add(Json.MAPPER.convertValue(call, Object.class));
            out.put("tool_calls", calls);
        }
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
