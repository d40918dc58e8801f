package r1j.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code r1j eval compare A B}: each per-question metric of two runs over the same dataset, the difference B - A and
 * its paired bootstrap 95% interval. Questions without samples in either run are left out.
 */
public final class RunComparison {
    public static final int RESAMPLES = 10_000;
    public static final long SEED = 20250122L;

    /** One metric's row: the two means over the paired questions and the interval of their difference. */
    public record Row(String metric, double a, double b, PairedBootstrap.Interval interval) {}

    /** The rows, and how many questions were paired. */
    public record Result(int pairedQuestions, List<Row> rows) {}

    private RunComparison() {}

    public static Result compare(RunSummary a, RunSummary b) {
        if (!a.datasetSha256().equals(b.datasetSha256())) {
            throw new IllegalArgumentException("the runs used different datasets (sha256 " + a.datasetSha256() + " vs "
                    + b.datasetSha256() + "); a paired comparison needs the same questions");
        }
        List<RunSummary.QuestionResult[]> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(a.questions().size(), b.questions().size()); i++) {
            RunSummary.QuestionResult qa = a.questions().get(i);
            RunSummary.QuestionResult qb = b.questions().get(i);
            if (qa.samples() > 0 && qb.samples() > 0) pairs.add(new RunSummary.QuestionResult[] {qa, qb});
        }
        if (pairs.isEmpty()) throw new IllegalArgumentException("no question has samples in both runs");
        Map<String, ToDoubleFunction<RunSummary.QuestionResult>> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", RunSummary.QuestionResult::accuracy);
        metrics.put("majority_accuracy", q -> q.majorityCorrect() ? 1 : 0);
        int commonN = pairs.stream().mapToInt(p -> Math.min(p[0].samples(), p[1].samples())).min().orElse(1);
        for (int k : PassAtK.reportedKs(commonN)) {
            if (k == 1) continue; // pass@1 is the accuracy
            metrics.put("pass_at_" + k, q -> PassAtK.estimate(q.samples(), q.correct(), k));
        }
        metrics.put("agreement", RunSummary.QuestionResult::agreement);
        metrics.put("extraction_failure_rate", q -> (double) q.extractionFailures() / q.samples());
        metrics.put("finish_length_rate", q -> (double) q.lengthCut() / q.samples());
        if (pairs.stream().allMatch(p -> p[0].completionTokensMean() >= 0 && p[1].completionTokensMean() >= 0)) {
            metrics.put("completion_tokens", RunSummary.QuestionResult::completionTokensMean);
        }
        metrics.put("e2e_ms", RunSummary.QuestionResult::e2eMsMean);
        List<Row> rows = new ArrayList<>();
        metrics.forEach((name, f) -> {
            double[] xa = pairs.stream().mapToDouble(p -> f.applyAsDouble(p[0])).toArray();
            double[] xb = pairs.stream().mapToDouble(p -> f.applyAsDouble(p[1])).toArray();
            rows.add(new Row(name, Stats.mean(xa), Stats.mean(xb), PairedBootstrap.difference(xa, xb, RESAMPLES, 0.95, SEED)));
        });
        return new Result(pairs.size(), rows);
    }

    public static String format(String labelA, String labelB, Result result) {
        int questions = result.pairedQuestions();
        List<Row> rows = result.rows();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "A = %s%nB = %s%n%d paired questions, paired bootstrap (%d resamples),"
                + " 95%% interval of B - A%n%n", labelA, labelB, questions, RESAMPLES));
        out.append(String.format(Locale.ROOT, "%-24s %10s %10s %10s   %-22s%n", "metric", "A", "B", "B - A", "95% CI"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-24s %10.4f %10.4f %+10.4f   [%+.4f, %+.4f]%s%n", r.metric(), r.a(),
                    r.b(), r.interval().difference(), r.interval().low(), r.interval().high(),
                    r.interval().excludesZero() ? "  *" : ""));
        }
        out.append("* the interval excludes 0\n");
        return out.toString();
    }
}
