package r1j.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A function the model may call, with the code that runs it. Implementations are shared between threads. */
public interface Tool {
    ToolFunction function();

    /**
     * Runs one call.
     *
     * @param arguments the call's arguments, one JSON object (required ones already checked present)
     * @return the result as text for the model (JSON stays JSON text)
     * @throws ToolException when the call fails in a way the model should read about (bad argument, refused host,
     *                       HTTP error); its message becomes the tool result
     */
    String call(ObjectNode arguments) throws ToolException;
}
