package r1j.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("route.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private RouteConfig load(String yaml) throws IOException {
        return RouteConfigLoader.load(write(yaml), Map.of("CENTRE_KEY", "sk-secret")::get);
    }

    @Test
    void aMinimalFileTakesTheDefaults() throws IOException {
        RouteConfig c = load("""
                version: v1
                upstreams:
                  - name: big
                    url: http://127.0.0.1:9000/v1
                    api_key_env: CENTRE_KEY
                """);
        assertThat(c.threshold()).isEqualTo(0.5);
        assertThat(c.upstreams().getFirst().retries()).isEqualTo(1);
        assertThat(c.escalate().length()).isTrue();
        assertThat(c.escalate().minMeanLogprob()).isNull();
        assertThat(c.breaker().failureRatePercent()).isEqualTo(50);
    }

    @Test
    void aMisspeltFieldNamesFileFieldAndValue() throws IOException {
        Path file = write("version: v1\ntreshold: 0.3\nupstreams: [{name: a, url: 'http://x/v1'}]\n");
        assertThatThrownBy(() -> RouteConfigLoader.load(file, k -> null))
                .isInstanceOf(RouteConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("treshold")
                .hasMessageContaining("unknown field");
    }

    @Test
    void aWrongTypeNamesTheFieldAndValue() throws IOException {
        Path file = write("version: v1\nupstreams: [{name: a, url: 'http://x/v1', timeout_ms: soon}]\n");
        assertThatThrownBy(() -> RouteConfigLoader.load(file, k -> null))
                .hasMessageContaining(file.toString()).hasMessageContaining("upstreams[0].timeout_ms")
                .hasMessageContaining("'soon'").hasMessageContaining("an integer");
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheirField() {
        assertThatThrownBy(() -> load("version: v1\nthreshold: -1\nupstreams: [{name: a, url: 'http://x/v1'}]\n"))
                .hasMessageContaining("field 'threshold' = -1.0");
        assertThatThrownBy(() -> load("version: v1\nupstreams: [{name: a, url: 'ftp://x/v1'}]\n"))
                .hasMessageContaining("field 'upstreams[0].url' = 'ftp://x/v1'");
        assertThatThrownBy(() -> load("version: v1\nupstreams: []\n")).hasMessageContaining("field 'upstreams'");
        assertThatThrownBy(() -> load("upstreams: [{name: a, url: 'http://x/v1'}]\n"))
                .hasMessageContaining("field 'version'");
        assertThatThrownBy(() -> load("version: v1\nupstreams: [{name: a, url: 'http://x/v1'}, {name: a, url: 'http://y/v1'}]\n"))
                .hasMessageContaining("field 'upstreams[1].name' = 'a'").hasMessageContaining("twice");
        assertThatThrownBy(() -> load("version: v1\nescalate: {min_mean_logprob: 0.5}\nupstreams: [{name: a, url: 'http://x/v1'}]\n"))
                .hasMessageContaining("escalate.min_mean_logprob");
    }

    @Test
    void aMissingKeyVariableIsNamedButNoValueIsPrinted() {
        assertThatThrownBy(() -> load("version: v1\nupstreams: [{name: a, url: 'http://x/v1', api_key_env: NOPE}]\n"))
                .hasMessageContaining("upstreams[0].api_key_env").hasMessageContaining("'NOPE'")
                .hasMessageContaining("not set");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> load("version: v1\nupstreams: [{name: a, url: 'http://u:sk-pw@x/v1'}]\n"))
                .hasMessageContaining("api_key_env").satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-pw"));
    }

    @Test
    void theExampleFileLoadsAndShowsTheDefaults() {
        // The example claims that every value it shows is the default: hold it to that.
        RouteConfig example = RouteConfigLoader.load(Path.of("../examples/route.yaml"),
                Map.of("CENTRE_API_KEY", "k")::get);
        RouteConfig defaults = new RouteConfig(example.version(), null, null, null, example.upstreams(), null);
        assertThat(example).isEqualTo(defaults);
        RouteConfig.Upstream u = example.upstreams().getFirst();
        assertThat(u).isEqualTo(new RouteConfig.Upstream(u.name(), u.url(), u.model(), u.apiKeyEnv(), null, null, null,
                null));
    }

    @Test
    void aNumericVersionIsReadAsText() throws IOException {
        assertThat(load("version: 3\nupstreams: [{name: a, url: 'http://x/v1'}]\n").version()).isEqualTo("3");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> RouteConfigLoader.load(missing, k -> null)).hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }
}
