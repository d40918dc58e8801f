package r1j.eval.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import r1j.eval.client.ChatReply;
import r1j.eval.client.ChatRequestSettings;
import r1j.eval.client.EndpointException;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.Question;
import r1j.eval.grading.Grader;

/**
 * Asks the endpoint for every (question, sample) pair not yet in the run's sample log, at most {@code concurrency}
 * at a time, grades each reply and appends it durably. Samples go round by round (all questions' first sample, then
 * the second, ...), so a stopped run has whole rounds to report on. A sample whose request keeps failing is left out
 * of the log (a later run asks again) and counted in {@link Outcome#failed()}.
 */
public final class EvalRunner {
    private final OpenAiChatClient client;
    private final Grader grader;
    private final int concurrency;
    private final int attempts;
    private final PrintStream progressOut;
    private final boolean terminal;

    /** What one run did: the samples now in its log (old and new) and the requests that failed for good. */
    public record Outcome(List<SampleRecord> samples, List<String> failed) {}

    public EvalRunner(OpenAiChatClient client, Grader grader, int concurrency, int attempts, PrintStream progressOut,
            boolean terminal) {
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be >= 1, got " + concurrency);
        this.client = client;
        this.grader = grader;
        this.concurrency = concurrency;
        this.attempts = Math.max(1, attempts);
        this.progressOut = progressOut;
        this.terminal = terminal;
    }

    public Outcome run(Dataset dataset, RunSpec spec, RunDirectory dir) throws IOException, InterruptedException {
        try (SampleLog log = dir.openSamples()) {
            List<SampleRecord> samples = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<Long> done = new HashSet<>();
            int resumedCorrect = 0;
            for (SampleRecord r : log.loaded()) {
                // Samples beyond this run's n or dataset (a run resumed with a smaller n) stay on disk but out of it.
                if (r.sample() < spec.n() && r.question() < dataset.questions().size()) {
                    samples.add(r);
                    done.add(r.key());
                    if (r.correct()) resumedCorrect++;
                }
            }
            int total = spec.n() * dataset.questions().size();
            ProgressBar bar = new ProgressBar(progressOut, terminal, spec.label(), total, done.size(), resumedCorrect);
            List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
            Semaphore slots = new Semaphore(concurrency);
            AtomicInteger failingInARow = new AtomicInteger();
            int giveUpAfter = Math.max(10, 2 * concurrency);
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                submitting:
                for (int k = 0; k < spec.n(); k++) {
                    for (Question q : dataset.questions()) {
                        if (done.contains(SampleRecord.key(q.index(), k))) continue;
                        slots.acquire();
                        if (failingInARow.get() >= giveUpAfter) {
                            // The endpoint is down or refusing everything: stop instead of failing every sample.
                            slots.release();
                            failed.add("stopped after " + giveUpAfter + " failed samples in a row; the remaining"
                                    + " samples were not asked");
                            break submitting;
                        }
                        int sample = k;
                        workers.submit(() -> {
                            try {
                                SampleRecord r = sample(q, sample, spec, dataset.questions().size());
                                log.append(r);
                                samples.add(r);
                                failingInARow.set(0);
                                bar.sampleDone(r.correct());
                            } catch (EndpointException | IOException | RuntimeException e) {
                                failed.add("question " + q.index() + " (line " + q.line() + ") sample " + sample + ": "
                                        + e.getMessage());
                                failingInARow.incrementAndGet();
                                bar.sampleFailed();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                slots.release();
                            }
                        });
                    }
                }
            }
            bar.finish();
            List<SampleRecord> sorted = new ArrayList<>(samples);
            sorted.sort(java.util.Comparator.comparingInt(SampleRecord::question).thenComparingInt(SampleRecord::sample));
            return new Outcome(sorted, List.copyOf(failed));
        }
    }

    private SampleRecord sample(Question q, int k, RunSpec spec, int questions)
            throws EndpointException, InterruptedException {
        RunSpec.Sampling s = spec.sampling();
        Long seed = s.seed() == null ? null : s.seed() + (long) k * questions + q.index();
        ChatRequestSettings settings = new ChatRequestSettings(spec.model().path("request_name").asText(),
                s.temperature(), s.topP(), s.maxTokens(), seed, s.systemPrompt());
        ChatReply reply = withRetries(s.prompt(q.problem()), settings);
        Grader.Grade g = grader.grade(reply.content(), q.reference());
        return new SampleRecord(q.index(), k, reply.content(), reply.reasoning(), reply.finishReason(),
                reply.ttftNanos() / 1e6, reply.e2eNanos() / 1e6, reply.promptTokens(), reply.completionTokens(),
                reply.reasoningTokens(), reply.reasoningTokensEstimated(), g.extraction().answer(),
                g.extraction().method().wireName(), g.normalized(), g.correct());
    }

    private ChatReply withRetries(String prompt, ChatRequestSettings settings)
            throws EndpointException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.complete(prompt, settings);
            } catch (EndpointException e) {
                if (!e.retryable() || attempt >= attempts) throw e;
                Thread.sleep(500L << Math.min(attempt - 1, 5));
            }
        }
    }
}
