package r1j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import r1j.eval.Evaluation;
import r1j.eval.metrics.RunComparison;
import r1j.eval.metrics.RunSummary;
import r1j.eval.run.EvalJson;

/** {@code r1j eval compare RUN_A RUN_B}: per-metric differences of two runs with paired bootstrap intervals. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs over the same dataset: each metric's difference B - A with a paired bootstrap"
                + " 95%% confidence interval over the questions.")
final class EvalCompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_A", description = "A run directory (holding summary.json).")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Another run directory over the same dataset.")
    Path b;

    @Option(names = "--json", description = "Print the comparison as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunSummary sa = Evaluation.readSummary(a);
        RunSummary sb = Evaluation.readSummary(b);
        RunComparison.Result result = RunComparison.compare(sa, sb);
        if (json) {
            System.out.println(EvalJson.PRETTY.writeValueAsString(result));
        } else {
            System.out.print(RunComparison.format(sa.label() + " (" + a + ")", sb.label() + " (" + b + ")", result));
        }
        return 0;
    }
}
