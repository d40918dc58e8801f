package r1j.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import r1j.agent.AgentSetup;
import r1j.agent.ToolChoice;
import r1j.dialogue.tools.ToolUse;
import r1j.server.http.ApiException;

/**
 * A conversation message's {@code tools} and {@code tool_choice} as a {@link ToolUse}. {@code tools} is
 * {@code "auto"} (the server's tools, from {@code --tools}) or absent/{@code "none"} (no tools: one plain reply);
 * a client's own function list belongs to {@code /v1/chat/completions}, which returns calls instead of running them.
 */
public final class ToolsRequest {
    private ToolsRequest() {}

    /** @throws ApiException.BadRequest naming the field that cannot be met */
    public static ToolUse toolUse(JsonNode tools, JsonNode toolChoice, AgentSetup agent) {
        boolean wantsTools = tools != null && !tools.isNull();
        if (wantsTools && !(tools.isTextual() && (tools.asText().equals("auto") || tools.asText().equals("none")))) {
            throw new ApiException.BadRequest("tools must be \"auto\" (run the server's tools, see GET /v1/tools) or"
                    + " \"none\"; to send your own functions use /v1/chat/completions, which returns the calls", "tools");
        }
        ToolChoice choice;
        try {
            choice = ToolChoice.fromJson(toolChoice);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(e.getMessage(), "tool_choice");
        }
        if (!wantsTools || tools.asText().equals("none")) {
            if (choice.mustCall()) {
                throw new ApiException.BadRequest("tool_choice requires a call, but the request uses no tools: send"
                        + " \"tools\": \"auto\" to use the server's tools", "tool_choice");
            }
            return ToolUse.NONE;
        }
        ToolUse use = new ToolUse(agent, choice);
        try {
            use.check();
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(e.getMessage(), "tool_choice");
        }
        return use;
    }
}
