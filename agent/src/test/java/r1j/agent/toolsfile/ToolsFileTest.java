package r1j.agent.toolsfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import r1j.agent.builtin.Calculator;
import r1j.agent.builtin.CurrentTime;
import r1j.agent.builtin.FetchUrl;
import r1j.agent.http.HostAllowlist;
import r1j.agent.http.HttpTool;
import r1j.agent.tool.ToolBox;
import r1j.agent.tool.ToolFunction;

class ToolsFileTest {
    private static final Path FILE = Path.of("conf/tools.json");
    private static final ToolSettings SETTINGS = ToolSettings.system(HostAllowlist.none())
            .withEnvironment(Map.of("WEATHER_TOKEN", "tok-123")::get);

    @Test
    void reads_the_open_webui_list() {
        ToolBox box = ToolsFile.parse(FILE, """
                [{"id": "weather_tool", "name": "Weather API", "description": "Current weather for a city",
                  "params": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                  "url": "https://api.example.com/weather", "method": "GET"},
                 {"id": "notes", "name": "Notes", "url": "https://notes.example.com/add", "method": "post",
                  "headers": {"Authorization": "Bearer ${WEATHER_TOKEN}"}}]""", SETTINGS);
        assertThat(box.functions()).extracting(ToolFunction::name).containsExactly("weather_tool", "notes");
        ToolFunction weather = box.functions().getFirst();
        assertThat(weather.description()).isEqualTo("Current weather for a city");
        assertThat(weather.requiredArguments()).containsExactly("city");
        assertThat(box.find("notes").orElseThrow()).isInstanceOf(HttpTool.class)
                .hasToString("notes (POST https://notes.example.com/add)");
        assertThat(box.functions().get(1).parameters().toString()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(box.functions().get(1).description()).as("the display name stands in").isEqualTo("Notes");
    }

    @Test
    void reads_openai_functions_with_a_run_object() {
        ToolBox box = ToolsFile.parse(FILE, """
                [{"type": "function",
                  "function": {"name": "get_forecast", "description": "Forecast",
                               "parameters": {"type": "object", "properties": {"city": {"type": "string"},
                                              "days": {"type": "integer"}}, "required": ["city"]}},
                  "run": {"type": "http", "method": "GET", "url": "https://api.example.com/forecast/{city}",
                          "headers": {"X-Key": "${WEATHER_TOKEN}", "Accept": "application/json"}}},
                 {"type": "function", "function": {"name": "calculator"}, "run": {"type": "builtin", "name": "calculator"}},
                 {"type": "function", "function": {"name": "now", "description": "Clock"},
                  "run": {"type": "builtin", "name": "current_time"}},
                 {"type": "function", "function": {"name": "fetch_url"}, "run": {"type": "builtin", "name": "fetch_url"}}]
                """, SETTINGS);
        assertThat(box.functions()).extracting(ToolFunction::name)
                .containsExactly("get_forecast", "calculator", "now", "fetch_url");
        assertThat(box.find("calculator").orElseThrow()).isInstanceOf(Calculator.class);
        assertThat(box.find("now").orElseThrow()).isInstanceOf(CurrentTime.class);
        assertThat(box.find("now").orElseThrow().function().description()).isEqualTo("Clock");
        assertThat(box.find("fetch_url").orElseThrow()).isInstanceOf(FetchUrl.class);
        assertThat(box.find("calculator").orElseThrow().function().requiredArguments()).containsExactly("expression");
        Map<String, Object> template = box.functions().getFirst().asTemplateTool();
        assertThat(template).containsEntry("type", "function");
        assertThat(new ObjectMapper().valueToTree(template).path("function").path("parameters").path("required")
                .toString()).isEqualTo("[\"city\"]");
    }

    @Test
    void both_shapes_may_share_a_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tools.json");
        Files.writeString(file, """
                [{"id": "a", "url": "https://a.example.com/"},
                 {"type": "function", "function": {"name": "b"}, "run": {"type": "builtin", "name": "calculator"}}]""");
        assertThat(ToolsFile.load(file, SETTINGS).size()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json | [{\"id\": | | | not valid JSON (line 1",
            "not an array | {\"id\": \"a\"} | | | must be a JSON array of tools",
            "entry not an object | [1] | entry 1 | | must be a JSON object",
            "neither shape | [{\"name\": \"x\"}] | entry 1 | | is neither shape",
            "missing url | [{\"id\": \"weather\", \"method\": \"GET\"}] | 'weather' (entry 1) | url | required",
            "relative url | [{\"id\": \"w\", \"url\": \"/weather\"}] | 'w' (entry 1) | url | absolute http",
            "ftp url | [{\"id\": \"w\", \"url\": \"ftp://x.example.com/\"}] | 'w' (entry 1) | url | absolute http",
            "placeholder in host | [{\"type\": \"function\", \"function\": {\"name\": \"w\"}, \"run\": {\"type\": \"http\", \"url\": \"https://{region}.example.com/x\"}}] | 'w' (entry 1) | run.url | not in the host",
            "bad method | [{\"id\": \"w\", \"url\": \"https://x.example.com/\", \"method\": \"TRACE\"}] | 'w' (entry 1) | method | must be one of",
            "unknown field | [{\"id\": \"w\", \"url\": \"https://x.example.com/\", \"parms\": {}}] | 'w' (entry 1) | parms | unknown field",
            "bad id | [{\"id\": \"get weather\", \"url\": \"https://x.example.com/\"}] | entry 1 | id | 1 to 64 letters",
            "params not object schema | [{\"id\": \"w\", \"url\": \"https://x.example.com/\", \"params\": {\"type\": \"string\"}}] | 'w' (entry 1) | params.type | must be \"object\"",
            "duplicate name | [{\"id\": \"w\", \"url\": \"https://x.example.com/\"}, {\"id\": \"w\", \"url\": \"https://y.example.com/\"}] | 'w' (entry 2) | id | already used by entry 1",
            "missing env var | [{\"id\": \"w\", \"url\": \"https://x.example.com/\", \"headers\": {\"Authorization\": \"Bearer ${NOPE}\"}}] | 'w' (entry 1) | headers.Authorization | environment variable NOPE is not set",
            "wrong type | [{\"type\": \"tool\", \"function\": {\"name\": \"w\"}}] | 'w' (entry 1) | type | must be \"function\"",
            "no run | [{\"type\": \"function\", \"function\": {\"name\": \"w\"}}] | 'w' (entry 1) | run | required",
            "bad run type | [{\"type\": \"function\", \"function\": {\"name\": \"w\"}, \"run\": {\"type\": \"shell\"}}] | 'w' (entry 1) | run.type | \"http\" or \"builtin\"",
            "unknown builtin | [{\"type\": \"function\", \"function\": {\"name\": \"w\"}, \"run\": {\"type\": \"builtin\", \"name\": \"python\"}}] | 'w' (entry 1) | run.name | no built-in is called \"python\"",
            "builtin with parameters | [{\"type\": \"function\", \"function\": {\"name\": \"c\", \"parameters\": {}}, \"run\": {\"type\": \"builtin\", \"name\": \"calculator\"}}] | 'c' (entry 1) | function.parameters | brings its own parameters",
            "duplicate key | [{\"id\": \"w\", \"id\": \"v\", \"url\": \"https://x.example.com/\"}] | | | Duplicate field 'id'"})
    void malformed_files_name_the_file_the_tool_and_the_field(String why, String json, String tool, String field,
            String problem) {
        assertThatThrownBy(() -> ToolsFile.parse(FILE, json, SETTINGS))
                .isInstanceOfSatisfying(ToolsFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(FILE);
                    assertThat(e.tool()).isEqualTo(tool);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(FILE + ": ")
                            .contains(problem)
                            .contains(tool == null ? "" : "tool " + tool)
                            .contains(field == null ? "" : "field '" + field + "'");
                });
    }

    @Test
    void header_values_never_appear_in_errors() {
        String json = """
                [{"id": "w", "url": "https://x.example.com/", "headers": {"X-Key": "${WEATHER_TOKEN}\\n"}}]""";
        assertThatThrownBy(() -> ToolsFile.parse(FILE, json, SETTINGS))
                .hasMessageContaining("field 'headers.X-Key'")
                .hasMessageContaining("line break")
                .hasMessageNotContaining("tok-123");
    }

    @Test
    void an_unreadable_file_is_named(@TempDir Path dir) {
        Path missing = dir.resolve("absent.json");
        assertThatThrownBy(() -> ToolsFile.load(missing, SETTINGS))
                .isInstanceOf(ToolsFileException.class)
                .hasMessageStartingWith(missing + ": cannot read it");
    }
}
