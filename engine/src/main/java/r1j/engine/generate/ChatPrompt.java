package r1j.engine.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.engine.model.LoadedModel;
import r1j.engine.template.ChatTemplate;
import r1j.engine.template.MissingChatTemplateException;

/**
 * Renders a conversation with the model's own chat template, applying the model authors' usage rules.
 */
public final class ChatPrompt {
    private ChatPrompt() {}

    /**
     * DeepSeek-R1's rule "no system prompt; put all instructions in the user prompt": system messages are removed
     * and their text is put in front of the first user message (separated by a blank line).
     */
    public static List<Map<String, Object>> foldSystemIntoFirstUser(List<? extends Map<String, ?>> messages) {
        StringBuilder system = new StringBuilder();
        List<Map<String, Object>> rest = new ArrayList<>();
        for (Map<String, ?> m : messages) {
            if ("system".equals(m.get("role"))) {
                Object content = m.get("content");
                if (content != null && !content.toString().isEmpty()) {
                    if (!system.isEmpty()) system.append("\n\n");
                    system.append(content);
                }
            } else {
                rest.add(new LinkedHashMap<>(m));
            }
        }
        if (system.isEmpty()) return rest;
        for (Map<String, Object> m : rest) {
            if ("user".equals(m.get("role"))) {
                Object content = m.get("content");
                m.put("content", system + (content == null || content.toString().isEmpty() ? "" : "\n\n" + content));
                return rest;
            }
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("role", "user");
        user.put("content", system.toString());
        rest.add(0, user);
        return rest;
    }

    /** The prompt text for {@code messages}; {@code bos_token}/{@code eos_token} are the tokenizer's. */
    public static String render(LoadedModel model, List<? extends Map<String, ?>> messages,
            List<? extends Map<String, ?>> tools, boolean addGenerationPrompt) {
        ChatTemplate template = model.chatTemplate().orElseThrow(() -> new MissingChatTemplateException(model.name()));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("bos_token", model.tokenizer().tokenText(model.tokenizer().bos()));
        vars.put("eos_token", model.tokenizer().tokenText(model.tokenizer().eos()));
        return template.renderChat(messages, tools, addGenerationPrompt, vars);
    }
}
