package r1j.engine.toolcall;

/**
 * One function call the model wrote.
 *
 * @param name      the function's name
 * @param arguments the arguments as the text of one JSON object (OpenAI's {@code function.arguments} is a string)
 */
public record ToolCall(String name, String arguments) {
    public ToolCall {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a tool call needs a function name");
        if (arguments == null) throw new IllegalArgumentException("tool call " + name + " has no arguments");
    }
}
