package r1j.engine.quantize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.tensor.TensorEntry;

/**
 * What {@link ModelQuantizer} reads: a model's tensors (memory-mapped, GGUF names and ggml shapes) and the GGUF
 * metadata the output file needs. One implementation per input form.
 */
interface ModelSource extends AutoCloseable {

    /** A GGUF file or a Hugging Face model directory. */
    static ModelSource open(Path in) throws IOException {
        if (Files.isDirectory(in)) return HfModelSource.open(in);
        if (!Files.isRegularFile(in)) throw new java.nio.file.NoSuchFileException(in.toString(), null,
                "input not found (expected a .gguf file or a Hugging Face model directory)");
        return GgufModelSource.open(in);
    }

    List<TensorEntry> tensors();

    /** The number of transformer layers ({@code blk.N}), for {@link QuantMix#usesMoreBits}. */
    int layers();

    /** Every metadata key of the output file, with {@code general.file_type} for {@code mix}. */
    void writeMetadata(GgufWriter writer, QuantMix mix) throws IOException;

    @Override
    void close();
}
