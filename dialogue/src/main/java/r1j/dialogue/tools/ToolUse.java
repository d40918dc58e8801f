package r1j.dialogue.tools;

import r1j.agent.AgentSetup;
import r1j.agent.ToolChoice;

/**
 * Whether one message may use the server's tools, and how: the request's {@code "tools": "auto"} (the server's
 * tools, {@code agent}) and its {@code tool_choice}.
 *
 * @param agent  the server's tools, loop bounds and runner; null when the request asked for none
 * @param choice what the first model turn may or must do
 */
public record ToolUse(AgentSetup agent, ToolChoice choice) {
    /** No tools: the message is answered by one plain reply. */
    public static final ToolUse NONE = new ToolUse(null, ToolChoice.NONE);

    public ToolUse {
        if (choice == null) choice = ToolChoice.AUTO;
    }

    /** Whether the answer runs the tool loop (there are tools, and the choice does not rule them out). */
    public boolean active() {
        return agent != null && !agent.tools().isEmpty() && !(choice instanceof ToolChoice.None);
    }

    /**
     * Checks the choice against the tools, so a bad request fails before anything is stored.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void check() {
        boolean noTools = agent == null || agent.tools().isEmpty();
        if (choice instanceof ToolChoice.Named named && (noTools || agent.tools().find(named.function()).isEmpty())) {
            throw new IllegalArgumentException("tool_choice names the function '" + named.function()
                    + "', which is not among the server's tools" + (noTools ? " (it has none)" : " "
                    + agent.tools().functions().stream().map(f -> f.name()).toList()));
        }
        if (choice.mustCall() && noTools) {
            throw new IllegalArgumentException("tool_choice requires a call, but " + (agent == null
                    ? "the request did not ask for the server's tools (\"tools\": \"auto\")" : "the server has no tools"));
        }
    }
}
