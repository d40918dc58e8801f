package r1j.dialogue.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.agent.ToolChoice;
import r1j.agent.tool.ToolFunction;

/**
 * The functions one model turn may call, in the two forms a prompt can carry them: the template's {@code tools}
 * variable, and instructions for templates that ignore it (DeepSeek-R1's does). The instructions teach R1's own call
 * markup, the one its template writes for earlier calls, so the model sees one format throughout.
 *
 * @param templateTools the OpenAI tool objects
 * @param instructions  the same as prompt text, ending with what {@code choice} demands
 */
public record ToolOffer(List<Map<String, Object>> templateTools, String instructions) {
    public static final ToolOffer NONE = new ToolOffer(List.of(), "");

    private static final ObjectMapper JSON = new ObjectMapper();

    public ToolOffer {
        templateTools = List.copyOf(templateTools);
    }

    public boolean isEmpty() {
        return templateTools.isEmpty();
    }

    /** {@code functions} as offered under {@code choice}; none for an empty list. */
    public static ToolOffer of(List<ToolFunction> functions, ToolChoice choice) {
        if (functions.isEmpty()) return NONE;
        List<Map<String, Object>> tools = new ArrayList<>();
        List<Map<String, Object>> described = new ArrayList<>();
        for (ToolFunction f : functions) {
            tools.add(f.asTemplateTool());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", f.name());
            if (!f.description().isEmpty()) d.put("description", f.description());
            d.put("parameters", f.parameters());
            described.add(d);
        }
        String must = switch (choice) {
            case ToolChoice.Required r -> "You must call at least one of these functions.";
            case ToolChoice.Named n -> "You must call the function " + n.function() + ".";
            default -> "Call a function only when it helps; otherwise answer normally. After a function's result"
                    + " arrives, answer the question with it.";
        };
        String text;
        try {
            text = JSON.writeValueAsString(described);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ToolOffer(tools, "You can call these functions (each with a JSON schema of its arguments):\n" + text
                + "\n\nTo call functions, end your answer with exactly this, one <｜tool▁call▁begin｜>...<｜tool▁call▁end｜>"
                + " per call, arguments as one JSON object:\n"
                + "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>FUNCTION_NAME\n```json\n"
                + "{\"argument\": \"value\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>\n" + must);
    }
}
