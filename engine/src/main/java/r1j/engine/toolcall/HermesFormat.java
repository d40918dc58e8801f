package r1j.engine.toolcall;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Hermes markup (Qwen2.5, Hermes, many others): {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>},
 * one call per pair of tags. {@code arguments} may also be a string holding a JSON object, or be called
 * {@code parameters}; a missing one means no arguments. A reply that ends inside the tags still counts when the
 * body reads. Anything that does not read stays content, raw.
 */
final class HermesFormat implements ToolCallFormat {
    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    @Override
    public List<String> openingTags() {
        return List.of(OPEN);
    }

    @Override
    public Region region(String text, int start, boolean complete) {
        int bodyStart = start + OPEN.length();
        int close = text.indexOf(CLOSE, bodyStart);
        if (close < 0) {
            if (!complete) return new Region(List.of(), start, false);
            return new Region(List.of(read(text.substring(bodyStart), text.substring(start))), text.length(), true);
        }
        int end = close + CLOSE.length();
        return new Region(List.of(read(text.substring(bodyStart, close), text.substring(start, end))), end, true);
    }

    private static Piece read(String body, String raw) {
        JsonNode node = ArgumentsJson.parse(body);
        if (node == null || !node.isObject()) return new Piece.Text(raw);
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) return new Piece.Text(raw);
        JsonNode args = node.has("arguments") ? node.get("arguments") : node.get("parameters");
        String json;
        if (args == null || args.isNull()) {
            json = "{}";
        } else if (args.isObject()) {
            json = ArgumentsJson.write(args);
        } else if (args.isTextual()) {
            json = ArgumentsJson.objectText(args.asText());
        } else {
            json = null;
        }
        return json == null ? new Piece.Text(raw) : new Piece.Call(new ToolCall(name.asText(), json));
    }
}
