package r1j.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import r1j.eval.metrics.AnswerClusters;
import r1j.eval.metrics.RunSummary;
import r1j.eval.run.EvalJson;
import r1j.eval.run.RunSpec;
import r1j.eval.run.SampleRecord;

/**
 * The self-contained HTML report: settings, metrics, charts (inline SVG), and a drill-down per question with its
 * answer clusters and every sampled answer (the full reply folded away, long ones shortened). No script, no link
 * outside the file, so it can be mailed or archived as it is.
 */
public final class HtmlReport {
    /** Most characters of one reply in the drill-down; large runs get less each, so the file stays openable. */
    private static final int REPLY_CHARS = 8000;
    private static final long REPLY_BUDGET = 24_000_000;

    private HtmlReport() {}

    /** A run of a sweep as its report lists it: the summary and the relative link to the run's own report. */
    public record SweepRun(RunSummary summary, String link) {}

    public static String single(RunSpec spec, RunSummary s, List<SampleRecord> samples) {
        StringBuilder b = page("r1j eval: " + s.label());
        b.append("<h1>r1j eval <span class=muted>").append(esc(s.label())).append("</span></h1>\n");
        settings(b, spec, s);
        metrics(b, s);
        b.append("<h2>Charts</h2>\n<div class=charts>\n");
        chart(b, Charts.accuracyByTemperature(List.of(s), List.of(ModelName.of(s.model()))));
        chart(b, Charts.latencyHistogram(samples));
        chart(b, Charts.tokensHistogram(samples));
        chart(b, Charts.clusterSizes(s.questions()));
        b.append("</div>\n");
        questions(b, s, samples);
        return end(b);
    }

    public static String sweep(String title, List<SweepRun> runs) {
        StringBuilder b = page("r1j eval sweep: " + title);
        b.append("<h1>r1j eval sweep <span class=muted>").append(esc(title)).append("</span></h1>\n");
        b.append("<h2>Comparison</h2>\n<table class=grid><tr><th>run</th><th>model</th><th>temperature</th>"
                + "<th>accuracy</th><th>cons@n</th><th>pass@1</th><th>pass@n</th><th>extraction failures</th>"
                + "<th>length cut</th><th>e2e p50 ms</th><th>tokens/answer</th></tr>\n");
        for (SweepRun r : runs) {
            RunSummary s = r.summary();
            b.append("<tr><td><a href=\"").append(esc(r.link())).append("\">").append(esc(s.label())).append("</a></td><td>")
                    .append(esc(ModelName.of(s.model()))).append("</td><td>").append(TerminalSummary.num(s.sampling().temperature()))
                    .append("</td><td>").append(pm(s.accuracyMean(), s.accuracyStd())).append("</td><td>")
                    .append(f4(s.majorityAccuracy())).append("</td><td>").append(f4(s.passAtK().getOrDefault("1", Double.NaN)))
                    .append("</td><td>").append(f4(s.passAtK().getOrDefault(Integer.toString(s.n()), Double.NaN)))
                    .append("</td><td>").append(s.extractionFailures()).append(" / ").append(s.samples())
                    .append("</td><td>").append(pct(s.finishLengthRate())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", s.latency().e2eMs().p50())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", s.tokens().completionMean())).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Charts</h2>\n<div class=charts>\n");
        List<RunSummary> summaries = runs.stream().map(SweepRun::summary).toList();
        chart(b, Charts.accuracyByTemperature(summaries, summaries.stream().map(s -> ModelName.of(s.model())).toList()));
        chart(b, Charts.tokensByRun(summaries));
        b.append("</div>\n<p class=muted>Each run's own report (settings, charts, per-question drill-down) is linked"
                + " from the table.</p>\n");
        return end(b);
    }

    /** {@code eval --route}: the cost–quality curve, both runs linked. */
    public static String routing(r1j.eval.routing.RoutingCurve c, String edgeLink, String centreLink) {
        StringBuilder b = page("r1j eval --route: rule " + c.rule());
        b.append("<h1>r1j eval --route <span class=muted>rule ").append(esc(c.rule())).append("</span></h1>\n");
        b.append("<div class=cards>\n");
        card(b, "edge only", f4(c.edgeAccuracy()), "accuracy, share 0");
        card(b, "centre only", f4(c.centreAccuracy()), "accuracy, share 1");
        card(b, "paired samples", Integer.toString(c.pairs()), "answered by both");
        b.append("</div>\n<p><a href=\"").append(esc(edgeLink)).append("\">edge run</a> · <a href=\"")
                .append(esc(centreLink)).append("\">centre run</a></p>\n");
        b.append("<div class=charts>\n");
        chart(b, Charts.routingCurve(c));
        b.append("</div>\n");
        for (var curve : java.util.List.of(java.util.Map.entry("Score only (before generating)", c.score()),
                java.util.Map.entry("Score + escalation of edge answers (cascade)", c.cascade()))) {
            b.append("<h2>").append(esc(curve.getKey())).append("</h2>\n<table class=grid><tr><th>threshold</th>"
                    + "<th>share to centre</th><th>accuracy</th><th>random router, same share</th><th>gain</th></tr>\n");
            // route.yaml's threshold routes as the first point at or above it does: that is its operating point.
            var operating = curve.getValue().stream().filter(p -> p.threshold() >= c.configuredThreshold()).findFirst();
            for (var p : curve.getValue()) {
                boolean configured = operating.isPresent() && operating.get() == p;
                b.append("<tr><td>").append(p.threshold() > 1 ? "none (edge only)" : f4(p.threshold()))
                        .append(configured ? " (route.yaml)" : "").append("</td><td>").append(pct(p.centreShare()))
                        .append("</td><td>").append(f4(p.accuracy())).append("</td><td>").append(f4(p.randomAccuracy()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%+.4f", p.gain())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<p class=muted>Each point replays the router offline over the two runs' samples: a sample scoring at"
                + " or above the threshold takes the centre's answer. The random router sends the same share at random;"
                + " its accuracy is the exact expectation (1 − share) · edge + share · centre, not a sample.</p>\n");
        return end(b);
    }

    private static void settings(StringBuilder b, RunSpec spec, RunSummary s) {
        b.append("<h2>Settings</h2>\n<table class=kv>\n");
        kv(b, "dataset", s.dataset() + " (" + s.questionCount() + " questions, sha256 " + s.datasetSha256() + ")");
        if (!spec.dataset().skippedLines().isEmpty()) {
            kv(b, "skipped lines", String.join("; ", spec.dataset().skippedLines()));
        }
        kv(b, "endpoint", spec.endpoint());
        kv(b, "samples per question", Integer.toString(s.n()));
        kv(b, "concurrency", spec.concurrency() + " requests in flight");
        RunSpec.Sampling p = s.sampling();
        kv(b, "sampling", "temperature " + p.temperature() + ", top-p " + p.topP() + ", max tokens "
                + (p.maxTokens() == null ? "server default" : p.maxTokens()) + ", seed "
                + (p.seed() == null ? "none" : p.seed()) + ", system prompt "
                + (p.systemPrompt() == null ? "none" : "\"" + p.systemPrompt() + "\""));
        kv(b, "prompt suffix", p.promptSuffix() == null || p.promptSuffix().isEmpty() ? "none" : p.promptSuffix());
        kv(b, "grader / r1j", s.graderVersion() + " / " + s.r1jVersion());
        b.append("<tr><th>model</th><td><pre>").append(esc(json(s.model()))).append("</pre></td></tr>\n</table>\n");
    }

    private static void metrics(StringBuilder b, RunSummary s) {
        b.append("<h2>Metrics</h2>\n<div class=cards>\n");
        card(b, "accuracy", pm(s.accuracyMean(), s.accuracyStd()), "mean ± std over " + s.accuracyPerRound().size() + " rounds");
        card(b, "majority vote", f4(s.majorityAccuracy()), "cons@" + s.n());
        for (Map.Entry<String, Double> e : s.passAtK().entrySet()) card(b, "pass@" + e.getKey(), f4(e.getValue()), "unbiased estimator");
        card(b, "agreement", f4(s.meanAgreement()), "mean largest-cluster share");
        card(b, "extraction failures", s.extractionFailures() + " / " + s.samples(), "no \\boxed{} answer");
        card(b, "finish=length", pct(s.finishLengthRate()), "cut by max tokens");
        card(b, "TTFT p50 / p95 / p99", ms(s.latency().ttftMs()), "milliseconds");
        card(b, "end-to-end p50 / p95 / p99", ms(s.latency().e2eMs()), "milliseconds");
        RunSummary.Tokens t = s.tokens();
        if (t.completionMean() >= 0) {
            card(b, "tokens per answer", String.format(Locale.ROOT, "%.1f", t.completionMean()), String.format(Locale.ROOT,
                    "reasoning %.1f, answer part %.1f%s", t.reasoningMean(), t.answerMean(), t.reasoningEstimated() ? " (split estimated)" : ""));
            card(b, "tokens per correct answer", t.completionTokensPerCorrect() == null ? "-"
                    : String.format(Locale.ROOT, "%.1f", t.completionTokensPerCorrect()), t.answerTokensPerCorrect() == null ? ""
                    : String.format(Locale.ROOT, "answer part %.1f", t.answerTokensPerCorrect()));
        }
        b.append("</div>\n");
    }

    private static void questions(StringBuilder b, RunSummary s, List<SampleRecord> samples) {
        List<List<SampleRecord>> byQuestion = new ArrayList<>();
        for (int q = 0; q < s.questions().size(); q++) byQuestion.add(new ArrayList<>());
        for (SampleRecord r : samples) if (r.question() < byQuestion.size()) byQuestion.get(r.question()).add(r);
        int replyChars = (int) Math.max(600, Math.min(REPLY_CHARS, REPLY_BUDGET / Math.max(1, 2L * samples.size())));
        b.append("<h2>Questions</h2>\n<p class=muted>Click a question for its answer clusters and sampled answers.</p>\n");
        for (RunSummary.QuestionResult q : s.questions()) {
            b.append("<details class=q><summary><span class=\"badge ").append(q.majorityCorrect() ? "ok" : "bad")
                    .append("\">").append(q.majorityCorrect() ? "✓" : "✗").append("</span> <b>#").append(q.index() + 1)
                    .append("</b> line ").append(q.line()).append(" · ").append(q.correct()).append('/')
                    .append(q.samples()).append(" correct · agreement ").append(f2(q.agreement()))
                    .append(" · majority <code>").append(esc(q.majorityAnswer() == null ? "-" : q.majorityAnswer()))
                    .append("</code> · reference <code>").append(esc(q.reference())).append("</code>");
            q.attributes().forEach((k, v) -> {
                if (!k.equals("format")) b.append(" · ").append(esc(k)).append(' ').append(esc(v));
            });
            b.append("</summary>\n<div class=body><p class=problem>").append(esc(q.problem())).append("</p>\n");
            b.append("<table class=grid><tr><th>answer cluster</th><th>count</th><th>correct</th></tr>\n");
            for (AnswerClusters.Cluster c : q.clusters()) {
                b.append("<tr><td><code>").append(esc(c.answer())).append("</code></td><td>").append(c.count())
                        .append("</td><td>").append(c.correct() ? "✓" : "✗").append("</td></tr>\n");
            }
            if (q.noAnswer() > 0) b.append("<tr><td class=muted>(no answer)</td><td>").append(q.noAnswer()).append("</td><td>✗</td></tr>\n");
            b.append("</table>\n<table class=grid><tr><th>sample</th><th>answer</th><th>found by</th><th>correct</th>"
                    + "<th>finish</th><th>tokens (reasoning)</th><th>TTFT ms</th><th>e2e ms</th><th>reply</th></tr>\n");
            for (SampleRecord r : byQuestion.get(q.index())) {
                b.append("<tr><td>").append(r.sample() + 1).append("</td><td><code>").append(esc(r.answer() == null ? "-" : r.answer()))
                        .append("</code></td><td>").append(esc(r.extraction())).append("</td><td>").append(r.correct() ? "✓" : "✗")
                        .append("</td><td>").append(esc(String.valueOf(r.finishReason()))).append("</td><td>")
                        .append(r.completionTokens()).append(" (").append(r.reasoningTokens()).append(")</td><td>")
                        .append(String.format(Locale.ROOT, "%.0f", r.ttftMs())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.0f", r.e2eMs())).append("</td><td><details><summary>show</summary>");
                if (r.reasoning() != null && !r.reasoning().isEmpty()) {
                    b.append("<div class=label>reasoning</div><pre class=reasoning>").append(esc(shorten(r.reasoning(), replyChars))).append("</pre>");
                }
                b.append("<div class=label>content</div><pre>").append(esc(shorten(r.content(), replyChars))).append("</pre></details></td></tr>\n");
            }
            b.append("</table></div></details>\n");
        }
    }

    private static StringBuilder page(String title) {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1180px;color:#1a202c;padding:0 16px}\n")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}\n")
                .append(".muted{color:#718096;font-weight:normal}\n")
                .append("table.kv th{text-align:left;padding:3px 12px 3px 0;vertical-align:top;color:#4a5568}table.kv td{padding:3px 0}\n")
                .append("table.kv pre{margin:0;font-size:12px;max-height:220px;overflow:auto}\n")
                .append("table.grid{border-collapse:collapse;margin:8px 0;font-size:13px}table.grid th,table.grid td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}table.grid th{background:#f7fafc}\n")
                .append(".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #e2e8f0;border-radius:6px;padding:8px 12px;min-width:150px}\n")
                .append(".card .v{font-size:20px;font-weight:600}.card .n{font-size:12px;color:#4a5568}.card .d{font-size:11px;color:#718096}\n")
                .append(".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:12px}\n")
                .append("details.q{border:1px solid #e2e8f0;border-radius:6px;margin:6px 0;padding:6px 10px}details.q>summary{cursor:pointer;font-size:14px}\n")
                .append(".badge{display:inline-block;width:18px;text-align:center;border-radius:3px;color:#fff}.ok{background:#38a169}.bad{background:#c53030}\n")
                .append(".problem{white-space:pre-wrap;background:#f7fafc;padding:8px;border-radius:4px}\n")
                .append("pre{white-space:pre-wrap;word-break:break-word;font-size:12px;max-height:400px;overflow:auto;background:#f7fafc;padding:6px;margin:2px 0}\n")
                .append("pre.reasoning{color:#4a5568}.label{font-size:11px;color:#718096;margin-top:4px}code{font-size:12px}\n")
                .append("</style></head><body>\n");
        return b;
    }

    private static String end(StringBuilder b) {
        return b.append("</body></html>\n").toString();
    }

    private static void chart(StringBuilder b, String svg) {
        b.append("<div class=chart>").append(svg).append("</div>\n");
    }

    private static void kv(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static void card(StringBuilder b, String name, String value, String detail) {
        b.append("<div class=card><div class=n>").append(esc(name)).append("</div><div class=v>").append(esc(value))
                .append("</div><div class=d>").append(esc(detail)).append("</div></div>\n");
    }

    private static String shorten(String s, int chars) {
        if (s == null) return "";
        if (s.length() <= chars) return s;
        int half = chars / 2;
        return s.substring(0, half) + "\n\n[… " + (s.length() - 2 * half) + " characters left out (samples.jsonl has"
                + " them all) …]\n\n"
                + s.substring(s.length() - half);
    }

    private static String json(Object o) {
        try {
            return EvalJson.PRETTY.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return String.valueOf(o);
        }
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String pm(double m, double sd) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", m, sd);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String ms(RunSummary.Percentiles p) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", p.p50(), p.p95(), p.p99());
    }
}
