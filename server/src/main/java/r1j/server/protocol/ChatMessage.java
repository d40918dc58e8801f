package r1j.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One message of a chat request. {@code content} is a string, an array of content parts, or null (an assistant
 * message with tool calls). {@code reasoning_content} / {@code reasoning} of earlier assistant turns are accepted
 * and dropped (the R1 template does not feed reasoning back).
 */
public record ChatMessage(
        String role,
        JsonNode content,
        String name,
        List<JsonNode> toolCalls,
        String toolCallId,
        String reasoningContent,
        String reasoning) {}
