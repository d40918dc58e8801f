package r1j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import r1j.engine.gguf.GgufFile;
import r1j.engine.model.LoadedModel;
import r1j.engine.quantize.QuantMix;
import r1j.engine.speculative.SpeculativeConfig;
import r1j.engine.tensor.TensorEntry;

/**
 * {@code r1j bench}: llama-bench's measurements for r1j (prompt processing and generation tokens/s over
 * repetitions, plus load time, peak RSS and the JVM used), or with {@code --bandwidth} the machine's memory bandwidth.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prompt processing (ppN) and generation (tgN) speed like llama-bench, or memory bandwidth.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "PATH", description = "A .gguf file or Hugging Face directory.")
    Path modelPath;

    @Option(names = {"-p", "--n-prompt"}, paramLabel = "N", defaultValue = "512",
            description = "Prompt tokens in one batch (0 skips the test; default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = {"-n", "--n-gen"}, paramLabel = "N", defaultValue = "128",
            description = "Tokens generated one at a time (0 skips the test; default: ${DEFAULT-VALUE}).")
    int generatedTokens;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Compute threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-r", "--repetitions"}, paramLabel = "N", defaultValue = "5",
            description = "Timed repetitions of each test, after one warm-up (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @picocli.CommandLine.Mixin
    KernelOptions kernels;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--bandwidth", description = "Measure memory bandwidth (copy and read, GB/s) instead of a model.")
    boolean bandwidth;

    @picocli.CommandLine.Mixin
    SpeculativeOptions speculative;

    @Option(names = "--prompt", paramLabel = "TEXT",
            description = "With --speculative: the prompt of the engine generation tests (default: a paragraph to repeat).")
    String specPrompt = SpeculativeBenchmark.DEFAULT_PROMPT;

    @Option(names = {"--temperature", "--temp"}, paramLabel = "T", defaultValue = "0",
            description = "With --speculative: sampling temperature of the engine tests (default: ${DEFAULT-VALUE}, greedy).")
    double specTemperature;

    @Option(names = "--frequency-penalty", paramLabel = "F", defaultValue = "0",
            description = "With --speculative: frequency penalty of the engine tests (-2 makes random weights repeat).")
    double specFrequencyPenalty;

    @Option(names = "--bandwidth-mib", paramLabel = "MIB", defaultValue = "1024",
            description = "Buffer size for --bandwidth (default: ${DEFAULT-VALUE} MiB, far above cache sizes).")
    long bandwidthMib;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || repetitions < 1 || promptTokens < 0 || generatedTokens < 0) {
            throw new IllegalArgumentException("threads and repetitions must be >= 1, token counts >= 0");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        if (bandwidth) {
            report.putAll(bandwidthReport());
        } else {
            if (modelPath == null) throw new IllegalArgumentException("give --model PATH (or --bandwidth)");
            report.putAll(modelReport());
        }
        report.put("peak_rss_bytes", ProcessMemory.peakRssBytes());
        report.put("jvm", jvm());
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else if (!bandwidth) {
            System.out.print(table(report));
        } else {
            System.out.printf("memory bandwidth, %d threads, %d MiB buffers: copy %.1f GB/s, read %.1f GB/s%n",
                    report.get("threads"), (Long) report.get("buffer_bytes") >> 20,
                    (Double) report.get("copy_gb_per_s"), (Double) report.get("read_gb_per_s"));
        }
        return 0;
    }

    private Map<String, Object> bandwidthReport() throws Exception {
        MemoryBandwidth.Result r = MemoryBandwidth.measure(threads, bandwidthMib << 20);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", r.threads());
        out.put("buffer_bytes", r.bufferBytes());
        out.put("copy_gb_per_s", r.copyBytesPerSecond() / 1e9);
        out.put("read_gb_per_s", r.readBytesPerSecond() / 1e9);
        return out;
    }

    private Map<String, Object> modelReport() throws Exception {
        kernels.apply();
        long loadStart = System.nanoTime();
        try (LoadedModel loaded = LoadedModel.load(modelPath)) {
            long loadNanos = System.nanoTime() - loadStart;
            System.err.println("r1j: kernels " + loaded.kernelSummary());
            long parameters = 0;
            for (TensorEntry t : loaded.tensors().values()) parameters += t.elementCount();
            List<Samples> results = new ArrayList<>();
            try (ModelBenchmark bench = new ModelBenchmark(loaded, threads, Math.max(promptTokens, generatedTokens) + 1)) {
                if (promptTokens > 0) results.add(bench.promptProcessing(promptTokens, repetitions));
                if (generatedTokens > 0) results.add(bench.generation(generatedTokens, repetitions));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            SpeculativeConfig spec = speculative.config();
            if (spec.enabled() && generatedTokens > 1) {
                try (SpeculativeBenchmark bench = new SpeculativeBenchmark(loaded, threads, Escapes.unescape(specPrompt),
                        specTemperature, specFrequencyPenalty, spec, generatedTokens)) {
                    results.addAll(bench.run(generatedTokens, repetitions));
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("method", spec.method().label());
                    s.put("draft_max", spec.draftMax());
                    s.put("ngram_min", spec.ngramMin());
                    s.put("ngram_max", spec.ngramMax());
                    s.put("prompt_tokens", bench.promptTokens());
                    s.put("temperature", specTemperature);
                    s.put("frequency_penalty", specFrequencyPenalty);
                    s.put("draft_tokens", bench.draftedTokens());
                    s.put("accepted_tokens", bench.acceptedTokens());
                    s.put("acceptance_rate", bench.draftedTokens() == 0 ? 0.0
                            : (double) bench.acceptedTokens() / bench.draftedTokens());
                    out.put("speculative", s);
                }
            }
            out.put("model", modelPath.toString());
            out.put("model_type", modelType(loaded.config().architecture(), parameters));
            out.put("model_size_bytes", modelBytes(modelPath));
            out.put("model_params", parameters);
            out.put("threads", threads);
            out.put("kernels", loaded.kernels().kind());
            out.put("kernel_path", loaded.kernels().isNative() ? loaded.kernels().path().label() : null);
            out.put("kernels_detail", loaded.kernelSummary());
            out.put("repetitions", repetitions);
            out.put("load_ms", loadNanos / 1e6);
            List<Map<String, Object>> tests = new ArrayList<>();
            for (Samples s : results) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("test", s.test());
                t.put("n_prompt", s.promptTokens());
                t.put("n_gen", s.generatedTokens());
                t.put("avg_ts", s.mean());
                t.put("stddev_ts", s.stdDev());
                t.put("samples_ts", s.tokensPerSecond());
                t.put("samples_ns", s.nanos());
                tests.add(t);
            }
            out.put("results", tests);
            return out;
        }
    }

    /** llama-bench's model column: architecture, size class and file type, e.g. "qwen2 1.8B Q4_K_M". */
    private String modelType(String architecture, long parameters) {
        String fileType = "";
        if (Files.isRegularFile(modelPath)) {
            try (GgufFile gguf = GgufFile.open(modelPath)) {
                if (gguf.has("general.file_type")) {
                    int id = gguf.getInt("general.file_type");
                    fileType = " " + java.util.Arrays.stream(QuantMix.values()).filter(m -> m.fileType == id)
                            .map(Enum::name).findFirst().orElse("ftype " + id);
                }
            } catch (Exception e) {
                fileType = "";
            }
        }
        return String.format("%s %.1fB%s", architecture, parameters / 1e9, fileType);
    }

    private static long modelBytes(Path path) throws java.io.IOException {
        if (Files.isRegularFile(path)) return Files.size(path);
        try (var files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static Map<String, Object> jvm() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", Runtime.version().toString());
        out.put("vendor", System.getProperty("java.vm.vendor"));
        out.put("vm", System.getProperty("java.vm.name"));
        out.put("flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.put("available_processors", Runtime.getRuntime().availableProcessors());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        String row = "| %-30s | %10s | %10s | %-10s | %7s | %15s | %20s |%n";
        sb.append(String.format(row, "model", "size", "params", "backend", "threads", "test", "t/s"));
        sb.append("| ------------------------------ | ---------: | ---------: | ---------- | ------: | --------------: | -------------------: |\n");
        for (Map<String, Object> t : (List<Map<String, Object>>) r.get("results")) {
            sb.append(String.format(row, r.get("model_type"),
                    String.format("%.2f GiB", (Long) r.get("model_size_bytes") / (double) (1L << 30)),
                    String.format("%.2f B", (Long) r.get("model_params") / 1e9), "native".equals(r.get("kernels")) ? "r1j native " + r.get("kernel_path") : "r1j Java", r.get("threads"), t.get("test"),
                    String.format("%.2f ± %.2f", (Double) t.get("avg_ts"), (Double) t.get("stddev_ts"))));
        }
        if (r.get("speculative") instanceof Map<?, ?> spec) {
            sb.append(String.format("%nspeculative %s (draft-max %s, n-grams %s..%s) on a %s-token prompt, temperature %s,"
                            + " frequency penalty %s: %s draft tokens, %s accepted (%.0f%%); 'engine' rows decode"
                            + " through the engine without it%n", spec.get("method"), spec.get("draft_max"),
                    spec.get("ngram_min"), spec.get("ngram_max"), spec.get("prompt_tokens"), spec.get("temperature"),
                    spec.get("frequency_penalty"), spec.get("draft_tokens"), spec.get("accepted_tokens"),
                    100 * (Double) spec.get("acceptance_rate")));
        }
        Map<String, Object> jvm = (Map<String, Object>) r.get("jvm");
        sb.append(String.format("%nload %.0f ms | peak RSS %.2f GiB | %d repetitions after 1 warm-up%n", (Double) r.get("load_ms"),
                (Long) r.get("peak_rss_bytes") / (double) (1L << 30), r.get("repetitions")));
        sb.append(String.format("JVM %s %s %s, flags %s%n", jvm.get("vendor"), jvm.get("vm"), jvm.get("version"), jvm.get("flags")));
        return sb.toString();
    }
}
