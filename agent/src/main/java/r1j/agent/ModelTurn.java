package r1j.agent;

import java.util.List;
import r1j.agent.tool.ToolFunction;

/**
 * The seam to the model: one assistant reply to the conversation so far. The server implements it over the engine:
 * render {@code messages} with the chat template, offering {@code tools} (the template's {@code tools} variable, or
 * the server's tool block for templates that ignore it), decode (a {@link ToolChoice#mustCall() forced} call by
 * constrained decoding where it can), stream the tokens to its client as they come, and split the reply at
 * {@code </think>}. The loop parses the calls itself; the reply is returned with its call markup in place.
 */
@FunctionalInterface
public interface ModelTurn {
    ModelReply reply(Request request);

    /**
     * @param messages the conversation, oldest first, ending with the user message or the latest tool results
     * @param tools    the functions to offer (empty when {@code choice} is {@code none})
     * @param choice   what the model may or must do in this turn
     */
    record Request(List<AgentMessage> messages, List<ToolFunction> tools, ToolChoice choice) {
        public Request {
            messages = List.copyOf(messages);
            tools = List.copyOf(tools);
        }
    }
}
