package r1j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.DatasetReader;
import r1j.eval.dataset.WordProblemGenerator;
import r1j.eval.grading.Grader;
import r1j.eval.metrics.Stats;
import r1j.eval.run.EvalJson;
import r1j.eval.run.RunDirectory;
import r1j.eval.run.RunSpec;

/**
 * Every metric against a scripted endpoint whose replies are known: three questions, four samples each. The stub
 * tells the samples apart by the per-sample seed (seed 0: sample k of question q sends k * 3 + q), so the expected
 * values hold whatever order the concurrent requests arrive in.
 */
class EvaluationAgainstStubTest {
    static final String DATASET = """
            {"prompt": "What is 2 + 2?", "answer": "4"}
            {"prompt": "What is half of one?", "answer": "\\\\frac{1}{2}"}
            {"question": "How many fingers have two hands?", "answer": "Five each.\\n#### 10"}
            """;

    /** [question][sample]: content, finish reason. */
    static final String[][] CONTENT = {
            {"So \\boxed{4}.", "\\boxed{4}", "The answer is 4.", "\\boxed{5}"},
            {"\\boxed{0.5}", "\\boxed{\\frac{1}{2}}", "\\boxed{\\frac{2}{3}}", ""},
            {"\\boxed{12}", "$\\boxed{12}$", "\\boxed{10}", "no idea"},
    };

    static ScriptedOpenAiStub stub;
    static Grader grader;

    @BeforeAll
    static void start() throws Exception {
        stub = new ScriptedOpenAiStub(EvaluationAgainstStubTest::reply);
        grader = new Grader(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        stub.close();
        grader.close();
    }

    static ScriptedOpenAiStub.Reply reply(JsonNode body) {
        long seed = body.get("seed").asLong();
        int q = (int) (seed % 3);
        int k = (int) (seed / 3);
        boolean cut = q == 1 && k == 3;
        // Time to first token 150 ms * (k + 1), then 150 ms more; 100 tokens of which 80 reasoning (the cut one: 200/200).
        return new ScriptedOpenAiStub.Reply("thinking about " + q, CONTENT[q][k], cut ? "length" : "stop",
                150 * (k + 1), 150, cut ? 200 : 100, cut ? 200 : 80);
    }

    static RunSpec spec(Dataset d, int n) {
        return spec(d, n, 4);
    }

    static RunSpec spec(Dataset d, int n, int concurrency) {
        var model = EvalJson.MAPPER.createObjectNode().put("request_name", "stub-model");
        return new RunSpec("test", Grader.VERSION, new RunSpec.DatasetInfo(d.source(), d.sha256(), d.questions().size(),
                List.of()), model, stub.base().toString(),
                new RunSpec.Sampling(0.6, 0.95, null, 0L, null, RunSpec.Sampling.MATH_SUFFIX), n, "stub", concurrency);
    }

    static Evaluation.Options quiet() {
        return new Evaluation.Options(1, new PrintStream(OutputStream.nullOutputStream()), false);
    }

    @Test
    void every_metric_has_its_exact_expected_value(@TempDir Path dir) throws Exception {
        Dataset d = DatasetReader.parse("stub.jsonl", DATASET.getBytes(StandardCharsets.UTF_8), DatasetReader.OnMalformed.FAIL);
        OpenAiChatClient client = new OpenAiChatClient(stub.base(), null, Duration.ofSeconds(30));
        Evaluation.Result result = Evaluation.run(client, grader, d, spec(d, 4), dir, quiet());
        assertThat(result.failed()).isEmpty();

        JsonNode s = EvalJson.MAPPER.readTree(dir.resolve("summary.json").toFile());
        // Rounds: 2/3, 2/3, 2/3, 0 -> mean 1/2, sample std 1/3.
        assertThat(s.get("accuracy_mean").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(s.get("accuracy_std").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        // Correct 3, 2, 1 of 4: pass@2 = (1 + 5/6 + 1/2) / 3 = 7/9; pass@4 = 1.
        assertThat(s.get("pass_at_k").get("1").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(s.get("pass_at_k").get("2").asDouble()).isCloseTo(7.0 / 9, within(1e-12));
        assertThat(s.get("pass_at_k").get("4").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(s.get("majority_accuracy").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.get("extraction_failures").asInt()).isEqualTo(3);
        assertThat(s.get("extraction").toString()).isEqualTo("{\"boxed\":9,\"answer_is\":1,\"last_number\":0,\"none\":2}");
        assertThat(s.get("finish_length_rate").asDouble()).isCloseTo(1.0 / 12, within(1e-12));
        assertThat(s.get("mean_agreement").asDouble()).isCloseTo((0.75 + 0.5 + 0.5) / 3, within(1e-12));

        JsonNode questions = s.get("questions");
        assertThat(questions).hasSize(3);
        assertThat(questions.get(0).get("clusters").toString())
                .isEqualTo("[{\"answer\":\"4\",\"count\":3,\"correct\":true},{\"answer\":\"5\",\"count\":1,\"correct\":false}]");
        assertThat(questions.get(1).get("clusters").toString())
                .isEqualTo("[{\"answer\":\"0.5\",\"count\":2,\"correct\":true},{\"answer\":\"\\\\frac{2}{3}\",\"count\":1,\"correct\":false}]");
        assertThat(questions.get(1).get("no_answer").asInt()).isEqualTo(1);
        assertThat(questions.get(2).get("clusters").toString())
                .isEqualTo("[{\"answer\":\"12\",\"count\":2,\"correct\":false},{\"answer\":\"10\",\"count\":1,\"correct\":true}]");
        assertThat(questions.get(2).get("reference").asText()).isEqualTo("10");
        assertThat(questions.get(2).get("majority_correct").asBoolean()).isFalse();

        // Tokens: 11 x 100 (80 reasoning) + 200 (all reasoning), 6 correct answers.
        JsonNode t = s.get("tokens");
        assertThat(t.get("completion_mean").asDouble()).isCloseTo(1300.0 / 12, within(1e-9));
        assertThat(t.get("reasoning_mean").asDouble()).isCloseTo(1080.0 / 12, within(1e-9));
        assertThat(t.get("answer_mean").asDouble()).isCloseTo(220.0 / 12, within(1e-9));
        assertThat(t.get("completion_tokens_per_correct").asDouble()).isCloseTo(1300.0 / 6, within(1e-9));
        assertThat(t.get("answer_tokens_per_correct").asDouble()).isCloseTo(220.0 / 6, within(1e-9));
        assertThat(t.get("reasoning_estimated").asBoolean()).isFalse();

        // Latency: each sample's measured times include its scripted delays (TTFT 150 ms * (k + 1), end 150 ms later)
        // plus loopback and scheduling time, which a loaded machine makes unpredictable; the percentiles are then
        // exactly the nearest-rank ones of the per-sample times in samples.jsonl.
        List<double[]> times = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RunDirectory.SAMPLES))) {
            JsonNode r = EvalJson.MAPPER.readTree(line);
            int k = r.get("sample").asInt();
            double ttftMs = r.get("ttft_ms").asDouble();
            double e2eMs = r.get("e2e_ms").asDouble();
            assertThat(ttftMs).isBetween(150.0 * (k + 1), 150.0 * (k + 1) + 5000);
            assertThat(e2eMs).isBetween(Math.max(ttftMs, 150.0 * (k + 2)), 150.0 * (k + 2) + 5000);
            times.add(new double[] {ttftMs, e2eMs});
        }
        double[] ttfts = times.stream().mapToDouble(pair -> pair[0]).toArray();
        double[] e2es = times.stream().mapToDouble(pair -> pair[1]).toArray();
        JsonNode latency = s.get("latency");
        for (String p : new String[] {"50", "95", "99"}) {
            assertThat(latency.get("ttft_ms").get("p" + p).asDouble()).isEqualTo(Stats.percentile(ttfts, Double.parseDouble(p)));
            assertThat(latency.get("e2e_ms").get("p" + p).asDouble()).isEqualTo(Stats.percentile(e2es, Double.parseDouble(p)));
        }

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg").contains("Accuracy vs temperature").contains("How many fingers")
                .doesNotContain("<script", "<link", "src=\"http");
    }

    @Test
    void a_resumed_run_asks_only_for_the_missing_samples_and_a_changed_run_is_refused(@TempDir Path dir) throws Exception {
        Dataset d = DatasetReader.parse("stub.jsonl", DATASET.getBytes(StandardCharsets.UTF_8), DatasetReader.OnMalformed.FAIL);
        OpenAiChatClient client = new OpenAiChatClient(stub.base(), null, Duration.ofSeconds(30));
        int before = stub.chatRequests();
        Evaluation.run(client, grader, d, spec(d, 2, 3), dir, quiet());
        assertThat(stub.chatRequests() - before).isEqualTo(6);
        Evaluation.Result more = Evaluation.run(client, grader, d, spec(d, 4, 3), dir, quiet());
        assertThat(stub.chatRequests() - before).isEqualTo(12);
        assertThat(more.summary().samples()).isEqualTo(12);
        assertThat(Files.readAllLines(dir.resolve(RunDirectory.SAMPLES))).hasSize(12);

        RunSpec hotter = new RunSpec("test", Grader.VERSION, spec(d, 4).dataset(), spec(d, 4).model(), "x",
                new RunSpec.Sampling(0.7, 0.95, null, 0L, null, RunSpec.Sampling.MATH_SUFFIX), 4, "stub", 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Evaluation.run(client, grader, d, hotter, dir, quiet()))
                .hasMessageContaining("holds another run").hasMessageContaining("sampling differs");
    }

    @Test
    void a_run_against_an_endpoint_that_fails_everything_stops_early_and_records_nothing(@TempDir Path dir) throws Exception {
        Dataset d = WordProblemGenerator.fromSpec("gen:arith?n=40&seed=2");
        // Nothing listens on this port once the probe socket is closed: every request fails to connect.
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        OpenAiChatClient client = new OpenAiChatClient(java.net.URI.create("http://127.0.0.1:" + port + "/v1"), null,
                Duration.ofSeconds(5));
        Evaluation.Result result = Evaluation.run(client, grader, d, spec(d, 2, 2), dir, quiet());
        assertThat(result.summary().samples()).isZero();
        assertThat(result.failed()).hasSizeLessThan(20)
                .anySatisfy(f -> assertThat(f).contains("stopped after 10 failed samples in a row"));
        assertThat(Files.readAllLines(dir.resolve(RunDirectory.SAMPLES))).isEmpty();
    }
}
