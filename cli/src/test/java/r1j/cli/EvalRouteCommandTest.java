package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import r1j.testkit.Fixtures;

/**
 * {@code r1j eval --route} end to end: the tiny model served locally is the edge, a second r1j on loopback (the same
 * tiny model) is the centre named by route.yaml. Random weights answer nothing right, so this checks the mechanics:
 * both runs, the pairing, and the curve's files.
 */
class EvalRouteCommandTest {
    @Test
    void both_runs_and_the_curve_are_written(@TempDir Path dir) throws Exception {
        Path model = Fixtures.tinyModel();
        try (LocalModelServer centre = LocalModelServer.start(model, 1, 2, 512)) {
            Path route = dir.resolve("route.yaml");
            Files.writeString(route, "version: cli-test\nthreshold: 0.4\nupstreams:\n  - name: big\n    url: "
                    + centre.base() + "\n");
            Path out = dir.resolve("routed");
            int code = new CommandLine(new Main()).execute("eval", "--dataset", "gen:arith?n=3&seed=5", "--model",
                    model.toString(), "--route", route.toString(), "--max-tokens", "6", "--threads", "1",
                    "--concurrency", "2", "--max-model-len", "512", "--seed", "1", "--output", out.toString());
            assertThat(code).isZero();
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertThat(s.get("rule").asText()).isEqualTo("cli-test");
            assertThat(s.at("/edge/directory").asText()).isEqualTo("edge");
            assertThat(s.at("/centre/directory").asText()).isEqualTo("centre");
            assertThat(s.at("/routing/pairs").asInt()).isEqualTo(3);
            JsonNode last = s.at("/routing/score").get(s.at("/routing/score").size() - 1);
            assertThat(last.get("centre_share").asDouble()).isZero();
            assertThat(s.at("/routing/score/0/centre_share").asDouble()).isEqualTo(1.0);
            assertThat(Files.readAllLines(out.resolve("edge").resolve("samples.jsonl"))).hasSize(3);
            assertThat(Files.readAllLines(out.resolve("centre").resolve("samples.jsonl"))).hasSize(3);
            assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "edge/report.html");
        }
    }
}
