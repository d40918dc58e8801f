package r1j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.WordProblemGenerator;
import r1j.eval.grading.Grader;
import r1j.eval.run.EvalJson;
import r1j.eval.run.RunDirectory;
import r1j.eval.run.RunSpec;
import r1j.eval.run.SampleRecord;

/**
 * A run in its own JVM is killed with SIGKILL while samples are in flight, then resumed: every sample on disk at the
 * kill is kept and not asked again, the rest are asked once, and the finished log holds each sample exactly once.
 */
class ResumeAfterSigkillTest {
    static RunSpec spec(Dataset d, URI base) {
        return new RunSpec("test", Grader.VERSION, new RunSpec.DatasetInfo(d.source(), d.sha256(), d.questions().size(),
                List.of()), EvalJson.MAPPER.createObjectNode().put("request_name", "stub-model"), base.toString(),
                new RunSpec.Sampling(0.6, 0.95, null, 11L, null, RunSpec.Sampling.MATH_SUFFIX), KillableEvalMain.N, "kill", 4);
    }

    @Test
    void no_sample_is_lost_or_counted_twice_after_sigkill(@TempDir Path dir) throws Exception {
        try (ScriptedOpenAiStub stub = new ScriptedOpenAiStub(body ->
                new ScriptedOpenAiStub.Reply("hmm", "\\boxed{" + body.get("seed").asLong() % 7 + "}", "stop", 20, 40, 9, 3))) {
            Path samples = dir.resolve(RunDirectory.SAMPLES);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KillableEvalMain.class.getName(), stub.base().toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lines(samples) < 15 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
                assertThat(child.isAlive()).as("the run is still going when killed (log: %s)",
                        Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "").isTrue();
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            int durable = lines(samples);
            int total = KillableEvalMain.N * 10;
            assertThat(durable).isBetween(15, total - 1);

            int before = stub.chatRequests();
            Dataset d = WordProblemGenerator.fromSpec(KillableEvalMain.DATASET);
            try (Grader grader = new Grader(Duration.ofSeconds(5))) {
                Evaluation.Result result = Evaluation.run(new OpenAiChatClient(stub.base(), null, Duration.ofSeconds(30)),
                        grader, d, spec(d, stub.base()), dir,
                        new Evaluation.Options(1, new PrintStream(OutputStream.nullOutputStream()), false));
                assertThat(result.summary().samples()).isEqualTo(total);
            }
            assertThat(stub.chatRequests() - before).as("asked again only what was not on disk").isEqualTo(total - durable);
            List<String> all = Files.readAllLines(samples);
            assertThat(all).hasSize(total);
            Set<Long> keys = new HashSet<>();
            for (String line : all) keys.add(EvalJson.MAPPER.readValue(line, SampleRecord.class).key());
            assertThat(keys).hasSize(total);
        }
    }

    /** Complete lines only: a line being written at the kill does not count. */
    private static int lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) return 0;
        byte[] bytes = Files.readAllBytes(file);
        int n = 0;
        for (byte b : bytes) if (b == '\n') n++;
        return n;
    }
}
