package r1j.eval.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import r1j.eval.metrics.RunSummary;

/** The few lines printed when a run ends, and the comparison table of a sweep. */
public final class TerminalSummary {
    private TerminalSummary() {}

    public static String of(RunSummary s) {
        StringBuilder out = new StringBuilder();
        RunSummaryLines lines = new RunSummaryLines(out);
        out.append(String.format(Locale.ROOT, "%s: %d questions x %d samples (%d done) of %s%n", s.label(),
                s.questionCount(), s.n(), s.samples(), s.dataset()));
        out.append(String.format(Locale.ROOT, "  model %s, temperature %s, top-p %s%s, grader %s%n",
                ModelName.of(s.model()), num(s.sampling().temperature()), num(s.sampling().topP()),
                s.sampling().maxTokens() == null ? "" : ", max tokens " + s.sampling().maxTokens(), s.graderVersion()));
        lines.row("accuracy", String.format(Locale.ROOT, "%.4f ± %.4f  (rounds: %s)", s.accuracyMean(),
                s.accuracyStd(), String.join(" ", s.accuracyPerRound().stream().map(a -> String.format(Locale.ROOT, "%.3f", a)).toList())));
        lines.row("majority (cons@" + s.n() + ")", String.format(Locale.ROOT, "%.4f", s.majorityAccuracy()));
        lines.row("pass@k", String.join("  ", s.passAtK().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "@%s %.4f", e.getKey(), e.getValue())).toList()));
        lines.row("agreement", String.format(Locale.ROOT, "%.3f (mean share of the largest answer cluster)", s.meanAgreement()));
        Map<String, Integer> x = s.extraction();
        lines.row("extraction failures", String.format(Locale.ROOT, "%d of %d samples (boxed %d, \"answer is\" %d, last"
                + " number %d, none %d)", s.extractionFailures(), s.samples(), x.get("boxed"), x.get("answer_is"),
                x.get("last_number"), x.get("none")));
        lines.row("finish_reason=length", String.format(Locale.ROOT, "%.1f%%", 100 * s.finishLengthRate()));
        lines.row("TTFT ms", percentiles(s.latency().ttftMs()));
        lines.row("end-to-end ms", percentiles(s.latency().e2eMs()));
        RunSummary.Tokens t = s.tokens();
        if (t.completionMean() >= 0) {
            lines.row("tokens per answer", String.format(Locale.ROOT, "%.1f (reasoning %.1f, answer part %.1f%s)",
                    t.completionMean(), t.reasoningMean(), t.answerMean(), t.reasoningEstimated() ? ", split estimated" : ""));
            lines.row("tokens per correct", t.completionTokensPerCorrect() == null ? "- (none correct)"
                    : String.format(Locale.ROOT, "%.1f (answer part %.1f)", t.completionTokensPerCorrect(), t.answerTokensPerCorrect()));
        }
        return out.toString();
    }

    /** One row per run of a sweep. */
    public static String table(List<RunSummary> runs) {
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-34s %5s %15s %8s %8s %8s %7s %7s %9s %8s%n", "run", "temp",
                "accuracy", "cons@n", "pass@1", "pass@n", "extr.f", "length", "e2e p50", "tokens");
        out.append(header);
        for (RunSummary s : runs) {
            String passN = s.passAtK().getOrDefault(Integer.toString(s.n()), Double.NaN).toString();
            out.append(String.format(Locale.ROOT, "%-34s %5s %7.4f±%.4f %8.4f %8.4f %8.4f %7d %6.1f%% %9.0f %8.1f%n",
                    truncate(s.label(), 34), num(s.sampling().temperature()), s.accuracyMean(), s.accuracyStd(),
                    s.majorityAccuracy(), s.passAtK().getOrDefault("1", Double.NaN), Double.parseDouble(passN),
                    s.extractionFailures(), 100 * s.finishLengthRate(), s.latency().e2eMs().p50(),
                    s.tokens().completionMean()));
        }
        return out.toString();
    }

    private static String percentiles(RunSummary.Percentiles p) {
        return String.format(Locale.ROOT, "p50 %.1f  p95 %.1f  p99 %.1f  (mean %.1f)", p.p50(), p.p95(), p.p99(), p.mean());
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }

    private static String truncate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private record RunSummaryLines(StringBuilder out) {
        void row(String name, String value) {
            out.append(String.format(Locale.ROOT, "  %-22s %s%n", name, value));
        }
    }
}
