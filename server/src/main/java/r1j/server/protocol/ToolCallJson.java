package r1j.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One tool call as OpenAI writes it: in a message ({@code index} left out) or in a stream delta (with its
 * {@code index} among the choice's calls). {@code arguments} is a string holding a JSON object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCallJson(Integer index, String id, String type, Function function) {
    public record Function(String name, String arguments) {}

    public static ToolCallJson of(Integer index, String id, String name, String arguments) {
        return new ToolCallJson(index, id, "function", new Function(name, arguments));
    }
}
