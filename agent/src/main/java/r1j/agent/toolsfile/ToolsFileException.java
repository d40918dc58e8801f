package r1j.agent.toolsfile;

import java.nio.file.Path;

/**
 * A tools.json that cannot be used. The message names the file, the tool (its name, or its position when it has
 * none) and the field, e.g. {@code tools.json: tool 'weather' (entry 2): field 'url': must be an absolute http://
 * or https:// URL}. Never holds a header value.
 */
public final class ToolsFileException extends RuntimeException {
    private final Path file;
    private final String tool;
    private final String field;

    /**
     * @param tool  the tool's label, or null for the file as a whole
     * @param field the field's path inside the entry ({@code run.url}, {@code headers.Authorization}), or null
     */
    public ToolsFileException(Path file, String tool, String field, String problem) {
        super(file + ": " + (tool == null ? "" : "tool " + tool + ": ") + (field == null ? "" : "field '" + field + "': ")
                + problem);
        this.file = file;
        this.tool = tool;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** The tool's label ({@code 'weather' (entry 2)}), or null when the file as a whole is wrong. */
    public String tool() {
        return tool;
    }

    /** The field's path inside the entry, or null. */
    public String field() {
        return field;
    }
}
