package r1j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import r1j.eval.dataset.WordProblemGenerator;

/** {@code r1j eval generate}: writes the bundled word-problem dataset as JSONL. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write seeded arithmetic and algebra word problems with exact answers as {prompt, answer, kind}"
                + " JSONL (the same as --dataset 'gen:arith?n=N&seed=S').")
final class EvalGenerateCommand implements Callable<Integer> {
    @Option(names = "--n", paramLabel = "N", description = "Problems (default: ${DEFAULT-VALUE}).")
    int n = 50;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default: stdout).")
    Path output;

    @Override
    public Integer call() throws Exception {
        String jsonl = WordProblemGenerator.jsonl(n, seed);
        if (output == null) System.out.print(jsonl);
        else Files.writeString(output, jsonl, StandardCharsets.UTF_8);
        return 0;
    }
}
