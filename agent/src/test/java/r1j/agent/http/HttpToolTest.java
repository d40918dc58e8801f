package r1j.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import r1j.agent.ScriptedServer;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolBox;
import r1j.agent.tool.ToolException;
import r1j.agent.toolsfile.ToolSettings;
import r1j.agent.toolsfile.ToolsFile;

/** HTTP tools read from a tools.json, calling a scripted server on loopback that the allowlist names. */
class HttpToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ScriptedServer server;
    private ToolBox box;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer()
                .on("/weather", ScriptedServer.json("{\"temp\": 21.5}"))
                .on("/notes", ScriptedServer.json("{\"saved\": true}"))
                .on("/forecast", ScriptedServer.json("[1, 2, 3]"))
                .on("/broken", (exchange, request) -> ScriptedServer.send(exchange, 503, "text/plain", "down for maintenance"));
        String base = "http://127.0.0.1:" + server.port();
        ToolSettings settings = ToolSettings.system(HostAllowlist.parse("127.0.0.1:" + server.port()))
                .withEnvironment(Map.of("NOTES_TOKEN", "n0tes-s3cret")::get);
        box = ToolsFile.parse(Path.of("tools.json"), """
                [{"id": "weather", "url": "%1$s/weather?units=metric", "method": "GET",
                  "params": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
                 {"id": "add_note", "url": "%1$s/notes", "method": "POST",
                  "headers": {"Authorization": "Bearer ${NOTES_TOKEN}"}},
                 {"type": "function", "function": {"name": "forecast"},
                  "run": {"type": "http", "method": "GET", "url": "%1$s/forecast/{city}/days"}},
                 {"id": "broken", "url": "%1$s/broken"}]""".formatted(base), settings);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String call(String tool, String arguments) throws Exception {
        Tool t = box.find(tool).orElseThrow();
        return t.call((ObjectNode) JSON.readTree(arguments));
    }

    @Test
    void get_sends_the_arguments_as_query_parameters() throws Exception {
        assertThat(call("weather", "{\"city\": \"São Paulo\", \"tags\": [\"a\", \"b\"], \"skip\": null}"))
                .isEqualTo("{\"temp\": 21.5}");
        ScriptedServer.Received r = server.received().getLast();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.uri()).isEqualTo("/weather?units=metric&city=S%C3%A3o%20Paulo&tags=a&tags=b");
    }

    @Test
    void post_sends_the_arguments_as_a_json_body_with_the_header_from_the_environment() throws Exception {
        assertThat(call("add_note", "{\"text\": \"buy milk\", \"priority\": 2}")).isEqualTo("{\"saved\": true}");
        ScriptedServer.Received r = server.received().getLast();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"text\": \"buy milk\", \"priority\": 2}"));
        assertThat(r.headers()).containsEntry("authorization", "Bearer n0tes-s3cret");
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(box.find("add_note").orElseThrow().toString()).doesNotContain("n0tes-s3cret");
    }

    @Test
    void url_placeholders_take_their_arguments_encoded_and_the_rest_go_to_the_query() throws Exception {
        server.on("/forecast/", ScriptedServer.json("[1, 2, 3]"));
        assertThat(call("forecast", "{\"city\": \"New York/NY\", \"days\": 3}")).isEqualTo("[1, 2, 3]");
        assertThat(server.received().getLast().uri()).isEqualTo("/forecast/New%20York%2FNY/days?days=3");
        assertThatThrownBy(() -> call("forecast", "{\"days\": 3}")).hasMessageContaining("missing argument 'city'");
    }

    @Test
    void an_error_status_is_an_error_with_the_start_of_the_body() {
        assertThatThrownBy(() -> call("broken", "{}"))
                .isInstanceOf(ToolException.class)
                .hasMessage("HTTP 503 from 127.0.0.1: down for maintenance");
    }

    @Test
    void without_the_allowlist_entry_the_loopback_tool_is_refused() throws Exception {
        ToolBox strict = ToolsFile.parse(Path.of("tools.json"), """
                [{"id": "weather", "url": "%s/weather"}]""".formatted("http://127.0.0.1:" + server.port()),
                ToolSettings.system(HostAllowlist.none()));
        int before = server.received().size();
        assertThatThrownBy(() -> strict.find("weather").orElseThrow().call(JSON.createObjectNode()))
                .hasMessageContaining("loopback address; tools may reach it only when --tools-allow lists it");
        assertThat(server.received()).hasSize(before);
    }
}
