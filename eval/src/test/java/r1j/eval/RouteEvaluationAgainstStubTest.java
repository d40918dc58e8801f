package r1j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.DatasetReader;
import r1j.eval.grading.Grader;
import r1j.eval.run.EvalJson;
import r1j.eval.run.RunSpec;
import r1j.router.config.RouteConfig;
import r1j.router.decide.Escalation;
import r1j.router.decide.Router;

/**
 * {@code eval --route} over two scripted endpoints: the edge answers the two easy questions right, the first hard
 * one wrong and the second cut at max_tokens without an answer; the centre answers all four right. The router's
 * default weights score the hard ones (math markers) above the easy ones, so the curve's every point is known.
 */
class RouteEvaluationAgainstStubTest {
    static final String DATASET = """
            {"prompt": "What is 2 + 2?", "answer": "4"}
            {"prompt": "What is 3 + 3?", "answer": "6"}
            {"prompt": "Solve the equation x^2 = 16 for positive x, and prove it is the only one.", "answer": "4"}
            {"prompt": "Compute the integral of 2x from 0 to 3; prove each step with the theorem used.", "answer": "9"}
            """;
    static final String[] RIGHT = {"\\boxed{4}", "\\boxed{6}", "\\boxed{4}", "\\boxed{9}"};

    @Test
    void theCurveHasItsExactPointsAndTheRandomBaseline(@TempDir Path dir) throws Exception {
        try (ScriptedOpenAiStub edge = new ScriptedOpenAiStub(body -> {
                    int q = body.get("seed").asInt();
                    return switch (q) {
                        case 2 -> new ScriptedOpenAiStub.Reply("hmm", "\\boxed{5}", "stop", 1, 1, 10, 5);
                        case 3 -> new ScriptedOpenAiStub.Reply("hmm", "Let me keep thinking", "length", 1, 1, 10, 5);
                        default -> new ScriptedOpenAiStub.Reply("easy", RIGHT[q], "stop", 1, 1, 10, 5);
                    };
                });
             ScriptedOpenAiStub centre = new ScriptedOpenAiStub(body ->
                     new ScriptedOpenAiStub.Reply("sure", RIGHT[body.get("seed").asInt()], "stop", 1, 1, 10, 5));
             Grader grader = new Grader(Duration.ofSeconds(5))) {
            Dataset d = DatasetReader.parse("route.jsonl", DATASET.getBytes(StandardCharsets.UTF_8),
                    DatasetReader.OnMalformed.FAIL);
            RunSpec edgeSpec = spec(d, edge, "edge");
            RunSpec centreSpec = spec(d, centre, "centre");
            Evaluation.Result e = Evaluation.run(new OpenAiChatClient(edge.base(), null, Duration.ofSeconds(30)), grader,
                    d, edgeSpec, dir.resolve("edge"), EvaluationAgainstStubTest.quiet());
            Evaluation.Result c = Evaluation.run(new OpenAiChatClient(centre.base(), null, Duration.ofSeconds(30)),
                    grader, d, centreSpec, dir.resolve("centre"), EvaluationAgainstStubTest.quiet());
            RouteConfig config = new RouteConfig("eval-1", 0.4, null, null,
                    List.of(new RouteConfig.Upstream("big", centre.base().toString(), null, null, null, null, null,
                            null)), null);
            Evaluation.writeRouting(dir, new Router(config), new Escalation(config.escalate()), d, edgeSpec, e, c);

            JsonNode s = EvalJson.MAPPER.readTree(dir.resolve("summary.json").toFile());
            assertThat(s.get("rule").asText()).isEqualTo("eval-1");
            assertThat(s.at("/edge/directory").asText()).isEqualTo("edge");
            JsonNode r = s.get("routing");
            assertThat(r.get("pairs").asInt()).isEqualTo(4);
            assertThat(r.get("edge_accuracy").asDouble()).isEqualTo(0.5);
            assertThat(r.get("centre_accuracy").asDouble()).isEqualTo(1.0);
            JsonNode score = r.get("score");
            // One point per distinct score (the easy prompts are as long as each other) and one above them all.
            assertThat(score).hasSize(4);
            double[][] expected = {{1.0, 1.0}, {0.5, 1.0}, {0.25, 0.75}, {0.0, 0.5}};
            for (int i = 0; i < 4; i++) {
                JsonNode p = score.get(i);
                assertThat(p.get("centre_share").asDouble()).as("point %d", i).isEqualTo(expected[i][0]);
                assertThat(p.get("accuracy").asDouble()).as("point %d", i).isEqualTo(expected[i][1]);
                double random = (1 - expected[i][0]) * 0.5 + expected[i][0] * 1.0;
                assertThat(p.get("random_accuracy").asDouble()).isCloseTo(random, within(1e-12));
                assertThat(p.get("gain").asDouble()).isCloseTo(expected[i][1] - random, within(1e-12));
            }
            // The hard questions score higher: sending exactly them beats a random half by a quarter.
            assertThat(score.get(1).get("gain").asDouble()).isCloseTo(0.25, within(1e-12));
            // Cascade at "never route": the cut answer (finish_reason length) is escalated, and right on the centre.
            JsonNode never = r.get("cascade").get(3);
            assertThat(never.get("threshold").asDouble()).isGreaterThan(1.0);
            assertThat(never.get("centre_share").asDouble()).isEqualTo(0.25);
            assertThat(never.get("accuracy").asDouble()).isEqualTo(0.75);
            String report = Files.readString(dir.resolve("report.html"));
            assertThat(report).contains("<svg", "random router, same share", "edge/report.html", "centre/report.html",
                    "(route.yaml)");
            // route.yaml's threshold 0.4 sends exactly the hard half: that row is marked.
            assertThat(report).containsPattern("0\\.4055 \\(route\\.yaml\\)</td><td>50\\.0%");
        }
    }

    private static RunSpec spec(Dataset d, ScriptedOpenAiStub stub, String name) {
        var model = EvalJson.MAPPER.createObjectNode().put("request_name", name + "-model");
        return new RunSpec("test", Grader.VERSION, new RunSpec.DatasetInfo(d.source(), d.sha256(), d.questions().size(),
                List.of()), model, stub.base().toString(),
                new RunSpec.Sampling(0.6, 0.95, null, 0L, null, RunSpec.Sampling.MATH_SUFFIX), 1, name, 2);
    }
}
