package r1j.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.ToDoubleFunction;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.Question;
import r1j.eval.run.RunSpec;
import r1j.eval.run.SampleRecord;

/**
 * {@code summary.json}: a run's metrics, then one entry per dataset question in dataset order. Accuracies are
 * fractions 0-1. Round r is every question's sample r; {@code accuracy_mean} and {@code accuracy_std} (sample
 * standard deviation) are over the rounds. {@code extraction_failures} counts samples without a {@code \boxed{}}
 * answer (fallbacks graded them, or nothing was found). Latencies in milliseconds, nearest-rank percentiles.
 */
public record RunSummary(String label, String graderVersion, String r1jVersion, String dataset, String datasetSha256,
        Object model, RunSpec.Sampling sampling, int n, int questionCount, int samples,
        double accuracyMean, double accuracyStd, List<Double> accuracyPerRound, double majorityAccuracy,
        Map<String, Double> passAtK, int extractionFailures, Map<String, Integer> extraction,
        double finishLengthRate, double meanAgreement, Latency latency, Tokens tokens, List<QuestionResult> questions) {

    public record Percentiles(double mean, double p50, double p95, double p99) {
        static Percentiles of(double[] xs) {
            return new Percentiles(Stats.mean(xs), Stats.percentile(xs, 50), Stats.percentile(xs, 95),
                    Stats.percentile(xs, 99));
        }
    }

    public record Latency(Percentiles ttftMs, Percentiles e2eMs) {}

    /**
     * Tokens per sample (means; -1 when the server reported no usage). Reasoning and answer part come from the
     * server's {@code reasoning_tokens}, else from splitting the count by the text ({@code reasoning_estimated}).
     * Efficiency: completion and answer-part tokens spent per correct answer (null when none was correct).
     */
    public record Tokens(double completionMean, double reasoningMean, double answerMean, boolean reasoningEstimated,
            Double completionTokensPerCorrect, Double answerTokensPerCorrect) {}

    /** One question: its samples' tally, the answer clusters (majority first) and agreement (largest share). */
    public record QuestionResult(int index, int line, String problem, String reference, Map<String, String> attributes,
            int samples, int correct, double accuracy, List<AnswerClusters.Cluster> clusters, String majorityAnswer,
            boolean majorityCorrect, double agreement, int noAnswer, int extractionFailures, int lengthCut,
            double completionTokensMean, double e2eMsMean) {}

    public static RunSummary compute(RunSpec spec, Dataset dataset, List<SampleRecord> samples,
            BiPredicate<String, String> sameAnswer) {
        List<List<SampleRecord>> byQuestion = new ArrayList<>();
        for (int q = 0; q < dataset.questions().size(); q++) byQuestion.add(new ArrayList<>());
        for (SampleRecord r : samples) byQuestion.get(r.question()).add(r);
        byQuestion.forEach(l -> l.sort(java.util.Comparator.comparingInt(SampleRecord::sample)));

        List<QuestionResult> questions = new ArrayList<>();
        for (Question q : dataset.questions()) questions.add(question(q, byQuestion.get(q.index()), sameAnswer));

        List<Double> perRound = new ArrayList<>();
        for (int k = 0; k < spec.n(); k++) {
            int asked = 0;
            int right = 0;
            for (List<SampleRecord> l : byQuestion) {
                for (SampleRecord r : l) {
                    if (r.sample() == k) {
                        asked++;
                        if (r.correct()) right++;
                    }
                }
            }
            if (asked > 0) perRound.add((double) right / asked);
        }
        double[] rounds = perRound.stream().mapToDouble(Double::doubleValue).toArray();

        Map<String, Double> passAtK = new LinkedHashMap<>();
        for (int k : PassAtK.reportedKs(spec.n())) {
            double sum = 0;
            int counted = 0;
            for (QuestionResult q : questions) {
                if (q.samples() >= k) {
                    sum += PassAtK.estimate(q.samples(), q.correct(), k);
                    counted++;
                }
            }
            if (counted > 0) passAtK.put(Integer.toString(k), sum / counted);
        }
        List<QuestionResult> answered = questions.stream().filter(q -> q.samples() > 0).toList();
        double majority = answered.stream().filter(QuestionResult::majorityCorrect).count() / (double) Math.max(1, answered.size());
        double agreement = answered.stream().mapToDouble(QuestionResult::agreement).average().orElse(Double.NaN);

        Map<String, Integer> extraction = new LinkedHashMap<>();
        for (String m : List.of("boxed", "answer_is", "last_number", "none")) extraction.put(m, 0);
        samples.forEach(r -> extraction.merge(r.extraction(), 1, Integer::sum));
        int failures = (int) samples.stream().filter(SampleRecord::extractionFailed).count();
        double lengthRate = samples.isEmpty() ? Double.NaN
                : samples.stream().filter(SampleRecord::hitLength).count() / (double) samples.size();

        Latency latency = new Latency(Percentiles.of(values(samples, SampleRecord::ttftMs)),
                Percentiles.of(values(samples, SampleRecord::e2eMs)));
        return new RunSummary(spec.label(), spec.graderVersion(), spec.r1jVersion(), spec.dataset().source(),
                spec.dataset().sha256(), spec.model(), spec.sampling(), spec.n(), dataset.questions().size(),
                samples.size(), Stats.mean(rounds), Stats.sampleStd(rounds), perRound, majority, passAtK, failures,
                extraction, lengthRate, agreement, latency, tokens(samples), questions);
    }

    private static QuestionResult question(Question q, List<SampleRecord> samples, BiPredicate<String, String> same) {
        List<AnswerClusters.Answer> answers = samples.stream()
                .map(r -> new AnswerClusters.Answer(r.answer(), r.correct())).toList();
        List<AnswerClusters.Cluster> clusters = AnswerClusters.of(answers, same);
        int correct = (int) samples.stream().filter(SampleRecord::correct).count();
        int noAnswer = (int) samples.stream().filter(r -> r.answer() == null).count();
        AnswerClusters.Cluster top = clusters.isEmpty() ? null : clusters.getFirst();
        double completion = samples.stream().filter(r -> r.completionTokens() >= 0)
                .mapToInt(SampleRecord::completionTokens).average().orElse(-1);
        return new QuestionResult(q.index(), q.line(), q.problem(), q.reference(), q.attributes(), samples.size(),
                correct, samples.isEmpty() ? Double.NaN : (double) correct / samples.size(), clusters,
                top == null ? null : top.answer(), top != null && top.correct(),
                top == null || samples.isEmpty() ? 0.0 : (double) top.count() / samples.size(), noAnswer,
                (int) samples.stream().filter(SampleRecord::extractionFailed).count(),
                (int) samples.stream().filter(SampleRecord::hitLength).count(), completion,
                samples.stream().mapToDouble(SampleRecord::e2eMs).average().orElse(Double.NaN));
    }

    private static Tokens tokens(List<SampleRecord> samples) {
        List<SampleRecord> counted = samples.stream().filter(r -> r.completionTokens() >= 0).toList();
        if (counted.isEmpty()) return new Tokens(-1, -1, -1, false, null, null);
        double completion = counted.stream().mapToInt(SampleRecord::completionTokens).average().orElseThrow();
        double reasoning = counted.stream().mapToInt(SampleRecord::reasoningTokens).average().orElseThrow();
        double answer = counted.stream().mapToInt(SampleRecord::answerTokens).average().orElseThrow();
        long correct = counted.stream().filter(SampleRecord::correct).count();
        long completionSum = counted.stream().mapToLong(SampleRecord::completionTokens).sum();
        long answerSum = counted.stream().mapToLong(SampleRecord::answerTokens).sum();
        boolean estimated = counted.stream().anyMatch(SampleRecord::reasoningTokensEstimated);
        return new Tokens(completion, reasoning, answer, estimated,
                correct == 0 ? null : (double) completionSum / correct, correct == 0 ? null : (double) answerSum / correct);
    }

    private static double[] values(List<SampleRecord> samples, ToDoubleFunction<SampleRecord> f) {
        return samples.stream().mapToDouble(f).toArray();
    }
}
