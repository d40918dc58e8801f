package r1j.engine.model;

import java.io.IOException;
import r1j.engine.gguf.GgufFile;
import r1j.engine.tensor.TensorEntry;

/** Reads {@link ModelConfig} from GGUF metadata ({@code general.architecture} and the {@code <arch>.*} keys). */
public final class GgufModelConfig {
    /** Architectures whose forward pass r1j implements. */
    public static final String QWEN2 = "qwen2";

    private GgufModelConfig() {}

    public static ModelConfig read(GgufFile gguf) throws IOException {
        if (!gguf.has("general.architecture")) {
            throw new UnsupportedModelException(gguf.path() + ": no general.architecture in the GGUF metadata");
        }
        String arch = gguf.getString("general.architecture");
        if (!QWEN2.equals(arch)) {
            throw new UnsupportedModelException(gguf.path() + ": architecture '" + arch + "' is not supported (supported: "
                    + QWEN2 + ")");
        }
        String p = arch + ".";
        int hidden = gguf.getInt(p + "embedding_length");
        int heads = gguf.getInt(p + "attention.head_count");
        int headDim = gguf.has(p + "attention.key_length") ? gguf.getInt(p + "attention.key_length") : hidden / heads;
        TensorEntry embedding = gguf.tensor("token_embd.weight").orElseThrow(
                () -> new UnsupportedModelException(gguf.path() + ": no tensor token_embd.weight"));
        // The embedding table is the authority on vocabulary size (the tokenizer may list padding tokens too).
        int vocab = embedding.rows();
        return new ModelConfig(
                arch,
                gguf.getInt(p + "block_count"),
                hidden,
                gguf.getInt(p + "feed_forward_length"),
                heads,
                gguf.has(p + "attention.head_count_kv") ? gguf.getInt(p + "attention.head_count_kv") : heads,
                headDim,
                vocab,
                gguf.getInt(p + "context_length"),
                gguf.getFloat(p + "attention.layer_norm_rms_epsilon"),
                gguf.has(p + "rope.freq_base") ? gguf.getFloat(p + "rope.freq_base") : 10000.0);
    }
}
