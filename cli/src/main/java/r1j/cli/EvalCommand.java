package r1j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import r1j.eval.Evaluation;
import r1j.eval.client.OpenAiChatClient;
import r1j.eval.dataset.Dataset;
import r1j.eval.dataset.DatasetReader;
import r1j.eval.dataset.WordProblemGenerator;
import r1j.eval.grading.Grader;
import r1j.eval.run.RunSpec;

/**
 * {@code r1j eval}: the model authors' evaluation protocol over a dataset, against an OpenAI-compatible endpoint or a
 * local model file (served in-process on loopback), with sweeps over models and temperatures.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model's answers on a dataset (accuracy over n samples, pass@k, majority vote, answer"
                + " clusters, latency, tokens) and write a resumable run directory with summary.json and report.html.",
                "Local: --model PATH (no --url) serves the file on loopback. Remote: --url URL/v1 [--model NAME]."},
        subcommands = {EvalCompareCommand.class, EvalGenerateCommand.class})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "FILE|gen:arith?n=N&seed=S",
            description = "JSONL in the GSM8K, MATH-500, AIME or {prompt, answer} shape, or the bundled generator.")
    String dataset;

    @Option(names = "--url", paramLabel = "URL", description = "An OpenAI-compatible API root, e.g. http://host:8000/v1.")
    URI url;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Bearer key for --url (default: OPENAI_API_KEY).")
    String apiKey = System.getenv("OPENAI_API_KEY");

    @Option(names = {"-m", "--model"}, paramLabel = "PATH|NAME", split = ",",
            description = "Model file(s) or hub models (ORG/NAME[:QUANT], pulled on first use) to serve locally, or with"
                    + " --url the model name(s) to request (default: the first /v1/models entry). Several models make a sweep.")
    List<String> models = new ArrayList<>();

    @Option(names = "--n", paramLabel = "N", description = "Samples per question (default: ${DEFAULT-VALUE}).")
    int n = 1;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Run directory; an existing one with the same settings is resumed.")
    Path output;

    @Option(names = "--temperature", paramLabel = "T", split = ",", defaultValue = "0.6",
            description = "Temperature(s); a list makes a sweep (default: ${DEFAULT-VALUE}).")
    List<Double> temperatures;

    @Option(names = "--top-p", paramLabel = "P", description = "Top-p (default: ${DEFAULT-VALUE}).")
    double topP = 0.95;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "Most tokens per answer, reasoning included (default: the server's, the context left).")
    Integer maxTokens;

    @Option(names = "--seed", paramLabel = "S",
            description = "Base seed; sample k of question q sends S + k * questions + q (default: none).")
    Long seed;

    @Option(names = "--system-prompt", paramLabel = "TEXT", description = "A system message (default: none, as the"
            + " model authors advise).")
    String systemPrompt;

    @Option(names = "--prompt-suffix", paramLabel = "TEXT",
            description = "Appended to each problem after a newline; '' for none (default: \"${DEFAULT-VALUE}\").")
    String promptSuffix = RunSpec.Sampling.MATH_SUFFIX;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency = 4;

    @Option(names = "--attempts", paramLabel = "N",
            description = "Tries per sample on connection errors, 429 and 5xx (default: ${DEFAULT-VALUE}).")
    int attempts = 3;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", description = "Per request (default: ${DEFAULT-VALUE}).")
    int requestTimeout = 3600;

    @Option(names = "--cas-timeout", paramLabel = "SECONDS",
            description = "Time limit of one symbolic equivalence check (default: ${DEFAULT-VALUE}).")
    int casTimeout = 2;

    @Option(names = "--on-malformed", paramLabel = "fail|skip",
            description = "A malformed dataset line fails the run, or is reported and skipped (default: ${DEFAULT-VALUE}).")
    String onMalformed = "fail";

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Local mode: compute threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-model-len", paramLabel = "N",
            description = "Local mode: most tokens per request, prompt plus answer (default: ${DEFAULT-VALUE}).")
    int maxModelLen = 8192;

    @Option(names = "--route", paramLabel = "ROUTE_YAML",
            description = "Cost-quality curve of a centre-edge router: run the dataset on the edge (--url or --model)"
                    + " and on route.yaml's first upstream, then sweep the threshold offline (accuracy vs share sent to"
                    + " the centre, against a random router of the same share). Runs go to OUTPUT/edge and OUTPUT/centre.")
    Path route;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Dataset data = readDataset();
        data.skipped().forEach(bad -> err.println("r1j eval: " + data.source() + " " + bad + " (skipped)"));
        boolean sweep = Math.max(1, models.size()) * temperatures.size() > 1;
        List<String> targets = models.isEmpty() ? java.util.Collections.singletonList(null) : models;
        String version = Main.class.getAnnotation(Command.class).version()[0].replace("r1j ", "");
        Evaluation.Options options = new Evaluation.Options(attempts, err,
                System.console() != null && System.console().isTerminal());
        if (route != null) return RoutedEval.run(this, data, version, options, out, err);
        List<Evaluation.Result> results = new ArrayList<>();
        int failedSamples = 0;
        try (Grader grader = new Grader(Duration.ofSeconds(casTimeout))) {
            for (String target : targets) {
                Path localModel = url == null ? ModelSource.resolve(target) : null;    // a path or a hub reference
                try (LocalModelServer local = url == null ? startLocal(err, localModel) : null) {
                    URI base = local != null ? local.base() : url;
                    OpenAiChatClient client = new OpenAiChatClient(base, local != null ? null : apiKey,
                            Duration.ofSeconds(requestTimeout));
                    ObjectNode model = local != null ? LocalModelIdentity.of(localModel, local.name())
                            : Evaluation.remoteModel(client, target);
                    for (double temperature : temperatures) {
                        String modelName = local != null ? local.name() : model.get("request_name").asText();
                        String label = modelName + " t=" + temperature;
                        Path dir = sweep ? output.resolve(directoryName(modelName, temperature)) : output;
                        RunSpec runSpec = runSpec(version, data, model,
                                local != null ? "local (in-process r1j server)" : base.toString(), temperature, label);
                        Evaluation.Result result = Evaluation.run(client, grader, data, runSpec, dir, options);
                        results.add(result);
                        failedSamples += result.failed().size();
                        out.print(Evaluation.terminalSummary(result.summary()));
                        result.failed().stream().limit(5).forEach(f -> err.println("r1j eval: failed: " + f));
                        out.println("  wrote " + dir.resolve("summary.json") + ", " + dir.resolve("report.html"));
                    }
                }
            }
        }
        if (sweep) {
            Evaluation.writeSweep(output, data.source(), results);
            out.println();
            out.print(Evaluation.sweepTable(results));
            out.println("  wrote " + output.resolve("sweep.json") + ", " + output.resolve("report.html"));
        }
        if (failedSamples > 0) {
            err.printf("r1j eval: %d sample(s) failed and were not recorded; run the same command again to retry them%n",
                    failedSamples);
            return 3;
        }
        return 0;
    }

    /** A run's settings from the options: the dataset, the model, where it is served, the sampling. */
    RunSpec runSpec(String version, Dataset data, ObjectNode model, String endpoint, double temperature, String label) {
        return new RunSpec(version, Grader.VERSION, new RunSpec.DatasetInfo(data.source(), data.sha256(),
                data.questions().size(), data.skipped().stream().map(Object::toString).toList()), model, endpoint,
                new RunSpec.Sampling(temperature, topP, maxTokens, seed, systemPrompt, promptSuffix), n, label, concurrency);
    }

    private void validate() {
        List<String> missing = new ArrayList<>();
        if (dataset == null) missing.add("--dataset");
        if (output == null) missing.add("--output");
        if (url == null && models.isEmpty()) missing.add("--model PATH (or --url)");
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option(s): " + String.join(", ", missing));
        }
        if (n < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--n must be >= 1, got " + n);
        for (double t : temperatures) {
            if (t < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--temperature must be >= 0, got " + t);
        }
    }

    private Dataset readDataset() throws Exception {
        if (dataset.startsWith("gen:")) return WordProblemGenerator.fromSpec(dataset);
        DatasetReader.OnMalformed policy = switch (onMalformed.toLowerCase(Locale.ROOT)) {
            case "fail" -> DatasetReader.OnMalformed.FAIL;
            case "skip" -> DatasetReader.OnMalformed.SKIP;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--on-malformed must be 'fail' or 'skip', got '" + onMalformed + "'");
        };
        return DatasetReader.read(Path.of(dataset), policy);
    }

    LocalModelServer startLocal(PrintStream err, Path model) throws Exception {
        err.println("r1j eval: loading " + model + " and serving it on loopback");
        return LocalModelServer.start(model, threads, concurrency, maxModelLen);
    }

    /** A sweep run's sub-directory: the model file's stem and the temperature, e.g. {@code model-Q8_0-t0.6}. */
    static String directoryName(String model, double temperature) {
        String stem = model.endsWith(".gguf") ? model.substring(0, model.length() - 5) : model;
        return stem.replaceAll("[^A-Za-z0-9._-]", "_") + "-t" + temperature;
    }
}
