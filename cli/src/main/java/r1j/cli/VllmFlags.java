package r1j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import r1j.engine.quant.QuantFormats;
import r1j.engine.safetensors.SafetensorsFile;
import r1j.engine.tensor.GgmlType;

/**
 * The vLLM {@code serve} flags a user copies from a vLLM guide. Each is accepted and answered with one line at
 * start-up saying what r1j does instead (they describe GPUs, Python model code or parsers r1j always runs);
 * values vLLM itself would refuse are errors, before the model is loaded ({@code --quantization} is
 * {@link QuantizationCheck}'s).
 */
final class VllmFlags {
    /** vLLM's {@code --dtype} choices. */
    static final List<String> DTYPES = List.of("auto", "half", "float16", "bfloat16", "float", "float32");
    /** The tool-call markups r1j reads, by vLLM's parser names. */
    static final List<String> TOOL_CALL_PARSERS = List.of("hermes", "deepseek_r1");
    static final List<String> REASONING_PARSERS = List.of("deepseek_r1");

    @Option(names = "--dtype", paramLabel = "TYPE", description = "vLLM compatibility; weights keep their stored type.")
    String dtype;

    @Option(names = "--tensor-parallel-size", paramLabel = "N", description = "vLLM compatibility; one CPU process.")
    Integer tensorParallelSize;

    @Option(names = "--gpu-memory-utilization", paramLabel = "F",
            description = "vLLM compatibility; no GPU: size the KV cache with --kv-cache-memory.")
    Double gpuMemoryUtilization;

    @Option(names = "--enable-auto-tool-choice", description = "vLLM compatibility; always on.")
    boolean enableAutoToolChoice;

    @Option(names = "--tool-call-parser", paramLabel = "hermes|deepseek_r1",
            description = "vLLM compatibility; both markups are always read.")
    String toolCallParser;

    @Option(names = "--enable-reasoning", description = "vLLM compatibility (before 0.9); always on.")
    boolean enableReasoning;

    @Option(names = "--reasoning-parser", paramLabel = "deepseek_r1",
            description = "vLLM compatibility; reasoning is always split at </think>.")
    String reasoningParser;

    @Option(names = "--trust-remote-code", description = "vLLM compatibility; r1j runs no model code.")
    boolean trustRemoteCode;


    /**
     * One line per flag given, saying what r1j does with it. Throws {@link IllegalArgumentException} for a value
     * vLLM would refuse.
     */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (dtype != null) {
            requireOneOf("--dtype", dtype, DTYPES);
            notes.add("--dtype " + dtype + ": ignored; weights keep the type they are stored in and r1j computes"
                    + " in float32");
        }
        if (tensorParallelSize != null) {
            if (tensorParallelSize < 1) {
                throw new IllegalArgumentException("--tensor-parallel-size must be at least 1, got " + tensorParallelSize);
            }
            notes.add("--tensor-parallel-size " + tensorParallelSize + ": ignored; r1j runs as one process on the CPU"
                    + " (set its compute threads with --threads)");
        }
        if (gpuMemoryUtilization != null) {
            if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
                throw new IllegalArgumentException("--gpu-memory-utilization must be in (0, 1], got " + gpuMemoryUtilization);
            }
            notes.add("--gpu-memory-utilization " + gpuMemoryUtilization + ": not applicable, r1j runs on the CPU;"
                    + " the KV cache is sized by --kv-cache-memory");
        }
        if (enableAutoToolChoice) {
            notes.add("--enable-auto-tool-choice: always on; a request with tools gets tool_choice auto unless it"
                    + " says otherwise");
        }
        if (toolCallParser != null) {
            requireOneOf("--tool-call-parser", toolCallParser, TOOL_CALL_PARSERS);
            notes.add("--tool-call-parser " + toolCallParser + ": r1j reads both DeepSeek-R1 and Hermes tool-call markup"
                    + " in every reply");
        }
        if (enableReasoning) {
            notes.add("--enable-reasoning: always on; the thinking before </think> is returned as reasoning_content");
        }
        if (reasoningParser != null) {
            requireOneOf("--reasoning-parser", reasoningParser, REASONING_PARSERS);
            notes.add("--reasoning-parser " + reasoningParser + ": always on; the thinking before </think> is returned"
                    + " as reasoning_content");
        }
        if (trustRemoteCode) {
            notes.add("--trust-remote-code: ignored; r1j runs no code from the model's files");
        }
        return notes;
    }

    private static void requireOneOf(String flag, String value, List<String> allowed) {
        if (!allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(flag + " must be one of " + String.join(", ", allowed) + ", got '"
                    + value + "'");
        }
    }

}
