package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --route}: a broken route.yaml stops the server at once, in one line naming file, field and value. */
class ServeRouteFlagTest {
    @TempDir
    Path dir;

    private String serve(Path routeYaml) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        // The model does not exist: the route file must be read (and refused) before the model is looked for.
        int status = cli.execute("serve", "--model", "/nonexistent/model.gguf", "--route", routeYaml.toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        return err.toString();
    }

    @Test
    void aWrongValueIsNamedBeforeTheModelLoads() throws IOException {
        Path file = dir.resolve("route.yaml");
        Files.writeString(file, "version: v1\nthreshold: high\nupstreams: [{name: big, url: 'http://127.0.0.1:9/v1'}]\n");
        assertThat(serve(file)).startsWith("r1j: " + file + ": field 'threshold' = 'high': expected a number")
                .doesNotContain("nonexistent");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(serve(dir.resolve("absent.yaml"))).contains("absent.yaml: no such file");
    }
}
