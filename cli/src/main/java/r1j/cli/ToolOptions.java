package r1j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import r1j.agent.AgentSetup;
import r1j.agent.LoopRequest;

/**
 * {@code serve}'s agent-tool flags: the tools.json, the hosts tools may reach besides their own, and the step limit.
 * {@link #load()} checks them all, so a malformed tools.json stops the start-up before the model loads.
 */
final class ToolOptions {
    @Option(names = "--tools", paramLabel = "FILE",
            description = "A tools.json of tools the server runs for conversation messages that send \"tools\": \"auto\""
                    + " (the web chat does): Open WebUI's list ({id, name, description, params, url, method}) or"
                    + " OpenAI's {type: function, function, run} with an HTTP call or a built-in (calculator,"
                    + " current_time, fetch_url). Listed by GET /v1/tools.")
    Path toolsFile;

    @Option(names = "--tools-allow", paramLabel = "HOST[:PORT],...",
            description = "Hosts HTTP tools may reach besides their own URL's, and the only way to let them reach a"
                    + " private, loopback or link-local address (checked after DNS and on every redirect).")
    String toolsAllow;

    @Option(names = "--max-tool-steps", paramLabel = "N",
            description = "Model turns whose tool calls run per message; then one last answer without tools"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxToolSteps = LoopRequest.DEFAULT_MAX_STEPS;

    /**
     * @throws r1j.agent.toolsfile.ToolsFileException naming the file, the tool and the field
     * @throws IllegalArgumentException               for a bad {@code --tools-allow} or {@code --max-tool-steps}
     */
    AgentSetup load() {
        return AgentSetup.fromFlags(toolsFile, toolsAllow, maxToolSteps);
    }
}
