package r1j.engine.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import r1j.engine.gguf.GgufFile;
import r1j.engine.gguf.GgufValueType;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.quantize.QuantMix;
import r1j.engine.quantize.RowQuantizers;
import r1j.engine.tensor.GgmlType;

/**
 * Writes a Qwen2 GGUF with random weights: the tensors and metadata a real model of {@link ModelShape} has (so
 * llama.cpp and r1j load it and run at the real speed), the tokenizer metadata copied from another GGUF, and
 * weights quantized per {@link QuantMix} as llama-quantize would lay them out. Speed does not depend on weight
 * values, so this is the benchmark model; its output text is meaningless.
 */
public final class SyntheticModel {

    /**
     * @param tokenizerSource a GGUF whose {@code tokenizer.*} keys are copied; its token count must equal the shape's vocab
     * @param threads         threads drawing and quantizing rows
     */
    public record Settings(ModelShape shape, QuantMix mix, long seed, Path tokenizerSource, int threads) {
        public Settings {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** What was written. */
    public record Summary(Path file, long fileBytes, long parameters, Map<GgmlType, Integer> tensorsByType) {}

    /** Called before each tensor's data is written (progress for the CLI). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (index, count, name, type) -> {};

        void tensor(int index, int count, String name, GgmlType type);
    }

    private SyntheticModel() {}

    public static Summary write(Settings settings, Path out, Progress progress) throws IOException {
        ModelShape shape = settings.shape();
        List<TensorSpec> tensors = shape.tensors();
        GgufWriter writer = new GgufWriter();
        writeModelMetadata(writer, settings);
        try (GgufFile tokenizer = GgufFile.open(settings.tokenizerSource())) {
            copyTokenizer(tokenizer, writer, shape);
        }

        Map<GgmlType, Integer> byType = new EnumMap<>(GgmlType.class);
        long parameters = 0;
        for (TensorSpec t : tensors) {
            GgmlType type = settings.mix().typeFor(t.name(), t.shape(), shape.layers());
            if (!RowQuantizers.canWrite(type)) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' would be " + type + " in a "
                        + settings.mix() + " file (rows of " + t.rowLength() + "), which r1j cannot write yet");
            }
            byType.merge(type, 1, Integer::sum);
            parameters += (long) t.rows() * t.rowLength();
        }
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(),
                Thread.ofPlatform().daemon().name("r1j-synth-", 1).factory());
        try {
            SplittableRandom seeds = new SplittableRandom(settings.seed());
            for (int i = 0; i < tensors.size(); i++) {
                TensorSpec t = tensors.get(i);
                GgmlType type = settings.mix().typeFor(t.name(), t.shape(), shape.layers());
                long tensorSeed = seeds.nextLong();
                int index = i;
                RandomTensorData data = new RandomTensorData(t, type, tensorSeed, pool, settings.threads());
                writer.addTensor(t.name(), type, t.shape(), stream -> {
                    progress.tensor(index, tensors.size(), t.name(), type);
                    data.writeTo(stream);
                });
            }
            writer.writeAtomically(out);
        } finally {
            pool.shutdownNow();
        }
        return new Summary(out, Files.size(out), parameters, byType);
    }

    private static void writeModelMetadata(GgufWriter w, Settings settings) {
        ModelShape s = settings.shape();
        w.putString("general.architecture", "qwen2");
        w.putString("general.type", "model");
        w.putString("general.name", s.name() + " synthetic " + settings.mix() + " seed " + settings.seed());
        w.putString("general.description", "random weights written by r1j synth for benchmarking; not a usable model");
        w.putUInt32("general.file_type", settings.mix().fileType);
        w.putUInt32("general.quantization_version", 2);
        w.putUInt32("qwen2.block_count", s.layers());
        w.putUInt32("qwen2.context_length", s.contextLength());
        w.putUInt32("qwen2.embedding_length", s.hidden());
        w.putUInt32("qwen2.feed_forward_length", s.intermediate());
        w.putUInt32("qwen2.attention.head_count", s.heads());
        w.putUInt32("qwen2.attention.head_count_kv", s.kvHeads());
        w.put("qwen2.rope.freq_base", GgufValueType.FLOAT32, s.ropeTheta());
        w.put("qwen2.attention.layer_norm_rms_epsilon", GgufValueType.FLOAT32, s.rmsEps());
    }

    /**
     * Copies every {@code tokenizer.*} key with its GGUF type (scalars exactly; integer arrays are written as int32,
     * which is what tokenizer GGUFs use for token types).
     */
    private static void copyTokenizer(GgufFile source, GgufWriter w, ModelShape shape) throws IOException {
        if (!source.has("tokenizer.ggml.tokens")) {
            throw new IOException(source.path() + ": no tokenizer.ggml.tokens, so no tokenizer to copy");
        }
        int tokens = source.getStringArray("tokenizer.ggml.tokens").length;
        if (tokens != shape.vocab()) {
            throw new IllegalArgumentException(source.path() + " has " + tokens + " tokens but shape '" + shape.name()
                    + "' has a vocabulary of " + shape.vocab() + " (llama.cpp requires them to agree)");
        }
        for (Map.Entry<String, Object> e : source.metadata().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("tokenizer.")) continue;
            GgufValueType type = source.valueType(key).orElseThrow();
            if (type == GgufValueType.ARRAY) w.put(key, e.getValue());
            else w.put(key, type, e.getValue());
        }
    }
}
