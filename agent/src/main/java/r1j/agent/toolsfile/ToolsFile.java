package r1j.agent.toolsfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import r1j.agent.http.GuardedHttpClient;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolBox;

/**
 * Reads a tools.json: a JSON array whose entries each take one of two shapes (see {@link ToolEntry}). All tools of
 * one file share one {@link GuardedHttpClient}.
 */
public final class ToolsFile {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ToolsFile() {}

    /** @throws ToolsFileException naming the file, the tool and the field when anything is wrong */
    public static ToolBox load(Path file, ToolSettings settings) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ToolsFileException(file, null, null, "cannot read it: " + e);
        }
        return parse(file, text, settings);
    }

    /** Reads {@code text} as the content of {@code file} (which names it in errors). */
    public static ToolBox parse(Path file, String text, ToolSettings settings) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ToolsFileException(file, null, null, "not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new ToolsFileException(file, null, null, "must be a JSON array of tools, e.g. [{\"id\": \"weather\","
                    + " \"url\": \"https://api.example.com/weather\", \"method\": \"GET\", \"params\": {...}}]");
        }
        GuardedHttpClient http = new GuardedHttpClient(settings.allow(), settings.resolver(), settings.limits());
        List<Tool> tools = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            ToolEntry entry = new ToolEntry(file, i + 1, root.get(i), settings, http);
            Tool tool = entry.read();
            Integer earlier = seen.putIfAbsent(tool.function().name(), i + 1);
            if (earlier != null) {
                throw entry.fail(entry.nameField(), "the name '" + tool.function().name()
                        + "' is already used by entry " + earlier + "; function names must be unique");
            }
            tools.add(tool);
        }
        return new ToolBox(tools);
    }
}
