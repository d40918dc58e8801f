/**
 * {@code --tools FILE}: reads a tools.json into a {@link r1j.agent.tool.ToolBox}. Two shapes, entry by entry: the
 * Open WebUI-style {@code {"id", "name", "description", "params", "url", "method"}} and OpenAI's
 * {@code {"type": "function", "function": {...}, "run": {...}}}. Anything malformed is a
 * {@link r1j.agent.toolsfile.ToolsFileException} naming the file, the tool and the field, at start-up.
 */
package r1j.agent.toolsfile;
