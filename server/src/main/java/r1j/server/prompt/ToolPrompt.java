package r1j.server.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.server.http.Json;

/**
 * The tool definitions as prompt text, for templates that do not render {@code tools} themselves (DeepSeek-R1's
 * does not). It describes the functions as JSON and the exact call markup the reply parser accepts: DeepSeek-R1's
 * own, the one its template uses for earlier calls in the conversation, so the model sees one format throughout.
 */
final class ToolPrompt {
    private ToolPrompt() {}

    static String block(ToolPlan plan) {
        List<Map<String, Object>> functions = new ArrayList<>();
        for (ToolPlan.Function f : plan.functions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            if (f.description() != null) m.put("description", f.description());
            m.put("parameters", Json.MAPPER.convertValue(f.parameters(), Object.class));
            functions.add(m);
        }
        String must = switch (plan.choice()) {
            case REQUIRED -> "You must call at least one of these functions.";
            case NAMED -> "You must call the function " + plan.forced() + ".";
            default -> "Call a function only when it helps; otherwise answer normally.";
        };
        return "You can call these functions (each with a JSON schema of its arguments):\n"
                + new String(Json.bytes(functions), java.nio.charset.StandardCharsets.UTF_8) + "\n\n"
                + "To call functions, end your answer with exactly this, one <｜tool▁call▁begin｜>...<｜tool▁call▁end｜>"
                + " per call, arguments as one JSON object:\n"
                + "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>FUNCTION_NAME\n```json\n"
                + "{\"argument\": \"value\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>\n" + must;
    }
}
