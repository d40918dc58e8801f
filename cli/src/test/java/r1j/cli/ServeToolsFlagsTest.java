package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --tools/--tools-allow/--max-tool-steps}: bad values stop the start-up before the model loads. */
class ServeToolsFlagsTest {
    @TempDir
    Path dir;

    /** Runs {@code r1j serve} with a model path that does not exist: an error about the model means tools passed. */
    private String serveError(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "serve";
        args[1] = "--model";
        args[2] = dir.resolve("no-such-model.gguf").toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertThat(code).isNotZero();
        return err.toString();
    }

    @Test
    void a_malformed_tools_json_names_the_file_the_tool_and_the_field_before_the_model_loads() throws Exception {
        Path file = Files.writeString(dir.resolve("tools.json"), """
                [{"id": "weather_tool", "name": "Weather API", "url": "ftp://example.com/w", "method": "GET"}]""");
        String error = serveError("--tools", file.toString());
        assertThat(error).contains(file.toString()).contains("weather_tool").contains("field 'url'")
                .doesNotContain("no-such-model");
    }

    @Test
    void a_tools_json_that_is_not_json_names_the_file() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), "[{\"id\": ");
        assertThat(serveError("--tools", file.toString())).contains(file.toString()).doesNotContain("no-such-model");
    }

    @Test
    void bad_allow_and_step_flags_are_refused_and_good_ones_reach_the_model_check() throws Exception {
        assertThat(serveError("--max-tool-steps", "0")).contains("--max-tool-steps must be >= 1");
        Path file = Files.writeString(dir.resolve("ok.json"), """
                [{"type": "function", "function": {"name": "calculator"}, "run": {"type": "builtin", "name": "calculator"}}]""");
        assertThat(serveError("--tools", file.toString(), "--tools-allow", "127.0.0.1:8080", "--max-tool-steps", "3"))
                .contains("no-such-model");
    }
}
