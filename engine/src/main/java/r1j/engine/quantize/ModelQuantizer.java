package r1j.engine.quantize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * {@code r1j quantize}: writes a GGUF of file type {@link QuantMix} from a GGUF file or a Hugging Face directory,
 * each tensor typed as llama-quantize types it and encoded with ggml's reference quantizers (so an F32 source
 * gives llama-quantize's bytes). Source tensors of any readable type are dequantized to float first; requantizing
 * an already quantized model is allowed but reported as a warning (like {@code --allow-requantize}).
 *
 * <p>The source stays memory-mapped and the output is streamed tensor by tensor, a few chunks of rows at a time,
 * so memory does not grow with the model. The file is written beside the target and moved into place at the end.
 */
public final class ModelQuantizer {

    /** @param threads threads converting rows */
    public record Settings(QuantMix mix, int threads) {
        public Settings {
            if (mix == null) throw new IllegalArgumentException("mix must be given");
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /**
     * What was written.
     *
     * @param tensorsByType how many output tensors have each ggml type
     * @param copied        tensors whose bytes were copied unchanged (already of the target type)
     * @param requantized   tensors re-encoded from an already quantized type
     */
    public record Summary(Path file, long fileBytes, Map<GgmlType, Integer> tensorsByType, int copied, int requantized) {}

    /** Progress and warnings for the CLI. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** Called before each tensor's data is written. */
        default void tensor(int index, int count, String name, GgmlType from, GgmlType to) {}

        default void warning(String message) {}
    }

    private ModelQuantizer() {}

    public static Summary quantize(Path in, Path out, Settings settings, Listener listener) throws IOException {
        checkPaths(in, out);
        QuantMix mix = settings.mix();
        try (ModelSource source = ModelSource.open(in)) {
            List<TensorEntry> tensors = source.tensors();
            boolean tied = tensors.stream().noneMatch(t -> t.name().equals("output.weight"));
            List<GgmlType> targets = new ArrayList<>();
            Map<GgmlType, Integer> byType = new EnumMap<>(GgmlType.class);
            TreeSet<GgmlType> quantizedSources = new TreeSet<>();
            int requantized = 0;
            int copied = 0;
            for (TensorEntry t : tensors) {
                QuantFormats.forTensor(t); // an unreadable source type fails here, naming the tensor
                GgmlType target = mix.typeFor(t.name(), t.shape(), source.layers(), tied);
                if (!RowQuantizers.canWrite(target)) {
                    throw new IllegalArgumentException("tensor '" + t.name() + "' would be " + target + " in a " + mix
                            + " file (rows of " + t.rowLength() + "), which r1j cannot write yet");
                }
                targets.add(target);
                byType.merge(target, 1, Integer::sum);
                if (t.type() == target) copied++;
                else if (isQuantized(t.type())) {
                    requantized++;
                    quantizedSources.add(t.type());
                }
            }
            if (requantized > 0) {
                listener.warning(in + " is already quantized (" + quantizedSources + "): " + requantized
                        + " tensors are dequantized and quantized again, which loses more quality than quantizing"
                        + " the F32/F16/BF16 or Hugging Face original");
            }

            GgufWriter writer = new GgufWriter();
            source.writeMetadata(writer, mix);
            ExecutorService pool = Executors.newFixedThreadPool(settings.threads(),
                    Thread.ofPlatform().daemon().name("r1j-quantize-", 1).factory());
            try {
                for (int i = 0; i < tensors.size(); i++) {
                    TensorEntry t = tensors.get(i);
                    GgmlType target = targets.get(i);
                    ConvertedTensorData data = new ConvertedTensorData(t, target, pool, settings.threads());
                    int index = i;
                    writer.addTensor(t.name(), target, t.shape(), stream -> {
                        listener.tensor(index, tensors.size(), t.name(), t.type(), target);
                        data.writeTo(stream);
                    });
                }
                writer.writeAtomically(out);
            } finally {
                pool.shutdownNow();
            }
            return new Summary(out, Files.size(out), byType, copied, requantized);
        }
    }

    private static boolean isQuantized(GgmlType type) {
        return type.blockSize > 1;
    }

    /** Refuses to overwrite the input (the source is memory-mapped while the output is written). */
    private static void checkPaths(Path in, Path out) throws IOException {
        if (!Files.exists(in)) {
            throw new java.nio.file.NoSuchFileException(in.toString(), null,
                    "input not found (expected a .gguf file or a Hugging Face model directory)");
        }
        Path inAbsolute = in.toAbsolutePath().normalize();
        Path outAbsolute = out.toAbsolutePath().normalize();
        if (inAbsolute.equals(outAbsolute) || (Files.exists(out) && Files.isSameFile(in, out))) {
            throw new IllegalArgumentException("output " + out + " is the input; write the quantized model to another file");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("output " + out + " is a directory; give the .gguf file to write");
        }
    }
}
