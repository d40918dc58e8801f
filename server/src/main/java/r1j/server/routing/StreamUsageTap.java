package r1j.server.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import r1j.server.http.Json;

/**
 * Watches the event stream relayed from the centre for the {@code usage} chunk (sent when the client asked with
 * {@code stream_options.include_usage}), so streamed centre tokens reach the route metrics too. The bytes themselves
 * pass unchanged; only complete {@code data:} lines that mention usage are parsed.
 */
final class StreamUsageTap {
    private static final int MAX_LINE = 1 << 20;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long promptTokens;
    private long completionTokens;

    void accept(byte[] buffer, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                inspect(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
    }

    private void inspect(String text) {
        if (!text.startsWith("data:") || !text.contains("\"usage\"")) return;
        try {
            JsonNode usage = Json.MAPPER.readTree(text.substring(5).strip()).path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").asLong(0);
                completionTokens = usage.path("completion_tokens").asLong(0);
            }
        } catch (IOException ignored) {
            // Not JSON: the client gets the line as it is; nothing to count.
        }
    }

    long promptTokens() {
        return promptTokens;
    }

    long completionTokens() {
        return completionTokens;
    }
}
