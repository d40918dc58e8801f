package r1j.server.tools;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import r1j.agent.AgentSetup;
import r1j.agent.tool.ToolFunction;
import r1j.server.http.Json;

/** {@code GET /v1/tools}: the tools the server runs for {@code "tools": "auto"}, as the model is told about them. */
public final class ToolsHandler {
    private final AgentSetup agent;

    public ToolsHandler(AgentSetup agent) {
        this.agent = agent;
    }

    /** The list is empty when the server was started without {@code --tools}. */
    public void list(Context ctx) {
        List<Map<String, Object>> tools = agent.tools().functions().stream().map(ToolFunction::asTemplateTool).toList();
        Json.write(ctx, 200, new ToolList("list", tools, agent.maxSteps()));
    }

    /** @param maxToolSteps model turns whose calls may run per message ({@code --max-tool-steps}) */
    record ToolList(String object, List<Map<String, Object>> data, int maxToolSteps) {}
}
