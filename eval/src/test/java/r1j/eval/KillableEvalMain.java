package r1j.eval;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.WordProblemGenerator;
import r1j.eval.grading.Grader;

/** The run {@link ResumeAfterSigkillTest} kills: an evaluation of the generated dataset against the given stub. */
public final class KillableEvalMain {
    static final String DATASET = "gen:arith?n=10&seed=3";
    static final int N = 6;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Path dir = Path.of(args[1]);
        Dataset d = WordProblemGenerator.fromSpec(DATASET);
        try (Grader grader = new Grader(Duration.ofSeconds(5))) {
            Evaluation.run(new OpenAiChatClient(base, null, Duration.ofSeconds(30)), grader, d, ResumeAfterSigkillTest.spec(d, base),
                    dir, new Evaluation.Options(1, new PrintStream(OutputStream.nullOutputStream()), false));
        }
    }
}
