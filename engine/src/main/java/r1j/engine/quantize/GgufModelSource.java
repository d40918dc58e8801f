package r1j.engine.quantize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import r1j.engine.gguf.GgufFile;
import r1j.engine.gguf.GgufValueType;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.tensor.TensorEntry;

/**
 * A GGUF input: its metadata is copied as llama-quantize copies it, every key except the two that describe the
 * tensors' encoding ({@code general.file_type}, {@code general.quantization_version}), which are written anew.
 *
 * <p>Scalars keep their GGUF type. {@link GgufFile} does not keep array element types, so integer arrays are written
 * as int32 (8/16/32-bit sources) or int64 (uint32/64-bit sources); the tokenizer arrays llama.cpp writes (strings,
 * int32 token types) come out unchanged.
 */
final class GgufModelSource implements ModelSource {
    static final String FILE_TYPE = "general.file_type";
    static final String QUANTIZATION_VERSION = "general.quantization_version";
    /** ggml's GGML_QNT_VERSION: the block layouts written here. */
    static final int GGML_QUANTIZATION_VERSION = 2;

    private final GgufFile file;
    private final int layers;

    private GgufModelSource(GgufFile file, int layers) {
        this.file = file;
        this.layers = layers;
    }

    static GgufModelSource open(Path path) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            if (!file.has("general.architecture")) {
                throw new IllegalArgumentException(path + ": general.architecture is missing, so the model is unknown");
            }
            String blockCount = file.getString("general.architecture") + ".block_count";
            if (!file.has(blockCount)) throw new IllegalArgumentException(path + ": " + blockCount + " is missing");
            return new GgufModelSource(file, file.getInt(blockCount));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public List<TensorEntry> tensors() {
        return file.tensors();
    }

    @Override
    public int layers() {
        return layers;
    }

    @Override
    public void writeMetadata(GgufWriter w, QuantMix mix) {
        for (Map.Entry<String, Object> e : file.metadata().entrySet()) {
            String key = e.getKey();
            if (key.equals(FILE_TYPE) || key.equals(QUANTIZATION_VERSION)) continue;
            GgufValueType type = file.valueType(key).orElseThrow();
            if (type == GgufValueType.ARRAY) w.put(key, e.getValue());
            else w.put(key, type, e.getValue());
        }
        w.putUInt32(QUANTIZATION_VERSION, GGML_QUANTIZATION_VERSION);
        w.putUInt32(FILE_TYPE, mix.fileType);
    }

    @Override
    public void close() {
        file.close();
    }
}
