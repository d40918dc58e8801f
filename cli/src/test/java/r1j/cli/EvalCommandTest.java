package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code r1j eval} end to end on the tiny random-weights model in local mode (the in-process server on loopback):
 * the mechanics, not the accuracy, which is zero for random weights.
 */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_temperature_sweep_on_the_tiny_model_writes_every_run_and_compare_reads_them(@TempDir Path dir) throws Exception {
        Path model = reference().resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf");
        Path out = dir.resolve("sweep");
        String[] command = {"eval", "--dataset", "gen:arith?n=3&seed=5", "--model",
                model.toString(), "--n", "2", "--max-tokens", "8", "--temperature", "0.5,0.7", "--threads", "2",
                "--concurrency", "2", "--max-model-len", "512", "--output", out.toString()};
        assertThat(new CommandLine(new Main()).execute(command)).isZero();
        Path firstLog = out.resolve("tiny-qwen2-Q8_0-t0.5").resolve("samples.jsonl");
        String before = Files.readString(firstLog);
        // The same command again resumes: the model file is recognised as the same one and nothing is asked again.
        assertThat(new CommandLine(new Main()).execute(command)).isZero();
        assertThat(Files.readString(firstLog)).isEqualTo(before);
        for (String run : new String[] {"tiny-qwen2-Q8_0-t0.5", "tiny-qwen2-Q8_0-t0.7"}) {
            JsonNode s = JSON.readTree(out.resolve(run).resolve("summary.json").toFile());
            for (String key : new String[] {"accuracy_mean", "accuracy_std", "majority_accuracy", "pass_at_k",
                    "extraction_failures", "questions"}) {
                assertThat(s.has(key)).as(key).isTrue();
            }
            assertThat(s.get("samples").asInt()).isEqualTo(6);
            assertThat(s.get("questions")).hasSize(3);
            assertThat(s.get("questions").get(0).has("clusters")).isTrue();
            assertThat(s.get("pass_at_k").has("2")).isTrue();
            assertThat(s.get("model").get("quantization").asText()).isEqualTo("Q8_0");
            assertThat(s.get("model").get("sha256").asText()).hasSize(64);
            assertThat(s.get("tokens").get("completion_mean").asDouble()).isBetween(1.0, 8.0);
            assertThat(Files.readAllLines(out.resolve(run).resolve("samples.jsonl"))).hasSize(6);
        }
        JsonNode sweep = JSON.readTree(out.resolve("sweep.json").toFile());
        assertThat(sweep.get("runs")).hasSize(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("tiny-qwen2-Q8_0-t0.5/report.html");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute("eval", "compare", out.resolve("tiny-qwen2-Q8_0-t0.5").toString(),
                    out.resolve("tiny-qwen2-Q8_0-t0.7").toString())).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("3 paired questions").contains("accuracy")
                .contains("95% CI");
    }

    @Test
    void a_malformed_dataset_line_fails_the_run_with_its_line_number_before_any_request(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("d.jsonl");
        Files.writeString(data, "{\"prompt\": \"1+1?\", \"answer\": \"2\"}\n{\"prompt\": \"no answer\"}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println(ex.getMessage());
            return 1;
        });
        int code = cli.execute("eval", "--dataset", data.toString(), "--url", "http://127.0.0.1:9/v1",
                "--output", dir.resolve("run").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2:").contains("--on-malformed skip");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    private static Path reference() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path beside = dir.resolve("shared/reference");
            if (Files.isDirectory(beside)) return beside;
        }
        throw new IllegalStateException("shared/reference not found");
    }
}
