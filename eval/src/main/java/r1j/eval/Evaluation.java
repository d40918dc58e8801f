package r1j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import r1j.eval.client.ChatRequestSettings;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.routing.RoutingCurve;
import r1j.eval.routing.RoutingSweep;
import r1j.eval.run.SampleLog;
import r1j.router.decide.Escalation;
import r1j.router.decide.Router;
import r1j.eval.dataset.Dataset;
import r1j.eval.grading.Grader;
import r1j.eval.metrics.RunSummary;
import r1j.eval.report.HtmlReport;
import r1j.eval.report.TerminalSummary;
import r1j.eval.run.EvalJson;
import r1j.eval.run.EvalRunner;
import r1j.eval.run.RunDirectory;
import r1j.eval.run.RunSpec;
import r1j.eval.run.SampleRecord;

/**
 * One evaluation run from start to report: open (or resume) the run directory, ask for the missing samples, then
 * write {@code summary.json} and {@code report.html}; and, for a sweep, the comparison of its runs.
 */
public final class Evaluation {
    /** How often a failing request is tried, and where the progress bar goes. */
    public record Options(int attempts, PrintStream progress, boolean terminal) {}

    /** A finished run: its summary, its directory, and the samples whose requests failed for good. */
    public record Result(RunSummary summary, Path directory, List<String> failed) {}

    private Evaluation() {}

    public static Result run(OpenAiChatClient client, Grader grader, Dataset dataset, RunSpec spec, Path dir,
            Options options) throws IOException, InterruptedException {
        RunDirectory run = RunDirectory.openFor(dir, spec);
        EvalRunner runner = new EvalRunner(client, grader, spec.concurrency(), options.attempts(),
                options.progress(), options.terminal());
        EvalRunner.Outcome outcome = runner.run(dataset, spec, run);
        RunSummary summary = RunSummary.compute(spec, dataset, outcome.samples(), grader::sameAnswer);
        writeOutputs(run, spec, summary, outcome.samples());
        return new Result(summary, dir, outcome.failed());
    }

    /** Writes {@code summary.json} and {@code report.html} of a run. */
    public static void writeOutputs(RunDirectory run, RunSpec spec, RunSummary summary, List<SampleRecord> samples)
            throws IOException {
        RunDirectory.writeAtomically(run.path().resolve(RunDirectory.SUMMARY), EvalJson.PRETTY.writeValueAsBytes(summary));
        RunDirectory.writeAtomically(run.path().resolve(RunDirectory.REPORT),
                HtmlReport.single(spec, summary, samples).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a finished run's summary (for {@code compare}). */
    public static RunSummary readSummary(Path dir) throws IOException {
        Path file = dir.resolve(RunDirectory.SUMMARY);
        if (!file.toFile().isFile()) throw new IOException(dir + " has no " + RunDirectory.SUMMARY + " (not an eval run?)");
        return EvalJson.MAPPER.readValue(file.toFile(), RunSummary.class);
    }

    /** A sweep's {@code sweep.json} (every run's headline metrics) and {@code report.html} (table and chart). */
    public static void writeSweep(Path dir, String title, List<Result> results) throws IOException {
        List<HtmlReport.SweepRun> runs = new ArrayList<>();
        var array = EvalJson.MAPPER.createArrayNode();
        for (Result r : results) {
            String link = dir.relativize(r.directory()).resolve(RunDirectory.REPORT).toString();
            runs.add(new HtmlReport.SweepRun(r.summary(), link));
            ObjectNode row = EvalJson.MAPPER.valueToTree(r.summary());
            row.remove("questions");
            row.put("directory", dir.relativize(r.directory()).toString());
            array.add(row);
        }
        ObjectNode sweep = EvalJson.MAPPER.createObjectNode();
        sweep.put("title", title);
        sweep.set("runs", array);
        RunDirectory.writeAtomically(dir.resolve("sweep.json"), EvalJson.PRETTY.writeValueAsBytes(sweep));
        RunDirectory.writeAtomically(dir.resolve(RunDirectory.REPORT),
                HtmlReport.sweep(title, runs).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code eval --route}: replays {@code router} over a finished edge run and centre run of {@code dataset} (same
     * sampling), then writes the curve to {@code dir}'s {@code summary.json} and {@code report.html}.
     */
    public static RoutingCurve writeRouting(Path dir, Router router, Escalation escalation, Dataset dataset,
            RunSpec spec, Result edge, Result centre) throws IOException {
        RunSpec.Sampling s = spec.sampling();
        // Scored without a seed: a router sees no seed it would act on, and the score must not vary by sample.
        ChatRequestSettings settings = new ChatRequestSettings(spec.model().path("request_name").asText(),
                s.temperature(), s.topP(), s.maxTokens(), null, s.systemPrompt());
        RoutingCurve curve = new RoutingSweep(router, escalation).sweep(q -> OpenAiChatClient.requestJson(
                s.prompt(dataset.questions().get(q).problem()), settings), samples(edge.directory()),
                samples(centre.directory()));
        ObjectNode summary = EvalJson.MAPPER.createObjectNode();
        summary.put("rule", curve.rule());
        summary.set("edge", runRow(dir, edge));
        summary.set("centre", runRow(dir, centre));
        summary.set("routing", EvalJson.MAPPER.valueToTree(curve));
        RunDirectory.writeAtomically(dir.resolve(RunDirectory.SUMMARY), EvalJson.PRETTY.writeValueAsBytes(summary));
        RunDirectory.writeAtomically(dir.resolve(RunDirectory.REPORT), HtmlReport.routing(curve,
                dir.relativize(edge.directory()).resolve(RunDirectory.REPORT).toString(),
                dir.relativize(centre.directory()).resolve(RunDirectory.REPORT).toString())
                .getBytes(StandardCharsets.UTF_8));
        return curve;
    }

    private static ObjectNode runRow(Path dir, Result r) {
        ObjectNode row = EvalJson.MAPPER.createObjectNode();
        row.put("directory", dir.relativize(r.directory()).toString());
        row.put("label", r.summary().label());
        row.put("accuracy_mean", r.summary().accuracyMean());
        row.put("samples", r.summary().samples());
        return row;
    }

    private static List<SampleRecord> samples(Path runDir) throws IOException {
        try (SampleLog log = SampleLog.open(runDir.resolve(RunDirectory.SAMPLES))) {
            return log.loaded();
        }
    }

    public static String terminalSummary(RunSummary summary) {
        return TerminalSummary.of(summary);
    }

    public static String sweepTable(List<Result> results) {
        return TerminalSummary.table(results.stream().map(Result::summary).toList());
    }

    /** The remote model's identity: the {@code /v1/models} entry whose id is {@code name} (the first when null). */
    public static ObjectNode remoteModel(OpenAiChatClient client, String name) throws Exception {
        JsonNode models = client.models();
        JsonNode match = null;
        for (JsonNode m : models) if (name == null || name.equals(m.path("id").asText())) match = match == null ? m : match;
        if (match == null) {
            List<String> ids = new ArrayList<>();
            models.forEach(m -> ids.add(m.path("id").asText()));
            throw new IllegalArgumentException(client.base() + " does not serve '" + name + "' (it lists " + ids + ")");
        }
        ObjectNode model = EvalJson.MAPPER.createObjectNode();
        model.put("request_name", match.path("id").asText());
        ObjectNode entry = match.deepCopy();
        entry.remove("created"); // the server's start time: a restarted server is still the same model
        model.set("endpoint_model", entry);
        return model;
    }
}
