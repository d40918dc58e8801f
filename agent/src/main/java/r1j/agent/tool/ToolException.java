package r1j.agent.tool;

/**
 * A tool call that failed. The message is written for the model, which gets it as the tool's result and may try
 * again differently; it never holds secrets (header values, environment variables).
 */
public class ToolException extends Exception {
    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
