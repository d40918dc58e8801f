package r1j.agent;

import java.nio.file.Path;
import r1j.agent.http.HostAllowlist;
import r1j.agent.tool.ToolBox;
import r1j.agent.toolsfile.ToolSettings;
import r1j.agent.toolsfile.ToolsFile;
import r1j.engine.toolcall.ToolCallParser;

/**
 * The server's tools as its flags give them ({@code --tools FILE}, {@code --tools-allow HOST[:PORT],...},
 * {@code --max-tool-steps N}), checked at start-up: a bad flag or a malformed tools.json fails here, with a message
 * naming what is wrong, before any request is served.
 *
 * @param tools    the tools (empty without {@code --tools})
 * @param maxSteps model turns whose calls may run, per user turn
 * @param runner   the per-call time and size bounds
 */
public record AgentSetup(ToolBox tools, int maxSteps, ToolRunner runner) {
    public AgentSetup {
        if (maxSteps < 1) throw new IllegalArgumentException("--max-tool-steps must be >= 1, got " + maxSteps);
    }

    /** No tools (a server started without {@code --tools}). */
    public static AgentSetup none() {
        return new AgentSetup(ToolBox.empty(), LoopRequest.DEFAULT_MAX_STEPS, ToolRunner.DEFAULT);
    }

    /**
     * @param toolsFile the tools.json, or null for none
     * @param allow     the {@code --tools-allow} value, or null
     * @throws r1j.agent.toolsfile.ToolsFileException when the file is malformed (file, tool and field named)
     * @throws IllegalArgumentException              when {@code allow} or {@code maxSteps} is malformed
     */
    public static AgentSetup fromFlags(Path toolsFile, String allow, int maxSteps) {
        HostAllowlist allowlist = HostAllowlist.parse(allow);
        ToolBox tools = toolsFile == null ? ToolBox.empty() : ToolsFile.load(toolsFile, ToolSettings.system(allowlist));
        return new AgentSetup(tools, maxSteps, ToolRunner.DEFAULT);
    }

    /** A loop over these tools; {@code model} is the server's engine-backed turn. */
    public ToolLoop loop(ModelTurn model, ToolCallParser parser) {
        return new ToolLoop(model, parser, tools, runner);
    }
}
