package r1j.engine.model;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import r1j.engine.gguf.GgufFile;
import r1j.engine.tensor.TensorEntry;

/**
 * Reads {@link ModelConfig} from GGUF metadata ({@code general.architecture} and the {@code <arch>.*} keys), checked
 * against each other and against the tensors in the file before anything is sized by them: a file whose metadata
 * is impossible ({@code head_count = 0}, a {@code block_count} of 2^28 over two blocks of tensors) fails here with
 * the key and its value, instead of a division by zero or an allocation of hundreds of millions of layers.
 */
public final class GgufModelConfig {
    /** Architectures whose forward pass r1j implements. */
    public static final String QWEN2 = "qwen2";

    private final GgufFile gguf;

    private GgufModelConfig(GgufFile gguf) {
        this.gguf = gguf;
    }

    public static ModelConfig read(GgufFile gguf) throws IOException {
        if (!gguf.has("general.architecture")) {
            throw new UnsupportedModelException(gguf.path() + ": no general.architecture in the GGUF metadata");
        }
        String arch = gguf.getString("general.architecture");
        if (!QWEN2.equals(arch)) {
            throw new UnsupportedModelException(gguf.path() + ": architecture '" + arch + "' is not supported (supported: "
                    + QWEN2 + ")");
        }
        return new GgufModelConfig(gguf).read(arch + ".");
    }

    private ModelConfig read(String p) throws IOException {
        int hidden = positive(p + "embedding_length");
        int heads = positive(p + "attention.head_count");
        int kvHeads = gguf.has(p + "attention.head_count_kv") ? positive(p + "attention.head_count_kv") : heads;
        if (heads % kvHeads != 0) {
            throw bad(p + "attention.head_count_kv", kvHeads, "does not divide " + p + "attention.head_count " + heads);
        }
        int headDim;
        if (gguf.has(p + "attention.key_length")) {
            headDim = positive(p + "attention.key_length");
        } else if (hidden % heads != 0) {
            throw bad(p + "attention.head_count", heads, "does not divide " + p + "embedding_length " + hidden);
        } else {
            headDim = hidden / heads;
        }
        if ((long) heads * headDim > Integer.MAX_VALUE) {
            throw bad(p + "attention.head_count", heads, "times the head dimension " + headDim + " overflows");
        }
        if (headDim % 2 != 0) throw bad(p + "attention.key_length", headDim, "must be even (rotary embedding pairs)");
        TensorEntry embedding = gguf.tensor("token_embd.weight").orElseThrow(
                () -> new UnsupportedModelException(gguf.path() + ": no tensor token_embd.weight"));
        if (embedding.shape().length != 2 || embedding.shape()[0] != hidden) {
            throw bad(p + "embedding_length", hidden, "does not match token_embd.weight of shape "
                    + java.util.Arrays.toString(embedding.shape()));
        }
        int layers = positive(p + "block_count");
        int blocksInFile = blocks(gguf.tensors());
        if (layers != blocksInFile) {
            throw bad(p + "block_count", layers, "but the file has tensors for " + blocksInFile + " blocks");
        }
        return new ModelConfig(
                QWEN2,
                layers,
                hidden,
                positive(p + "feed_forward_length"),
                heads,
                kvHeads,
                headDim,
                // The embedding table is the authority on vocabulary size (the tokenizer may list padding tokens too).
                embedding.rows(),
                positive(p + "context_length"),
                (float) finitePositive(p + "attention.layer_norm_rms_epsilon"),
                gguf.has(p + "rope.freq_base") ? finitePositive(p + "rope.freq_base") : 10000.0);
    }

    /**
     * How many transformer blocks the file has tensors for: the {@code blk.N.} indices, which must run from 0 without
     * a gap.
     */
    static int blocks(List<TensorEntry> tensors) {
        TreeSet<Integer> indices = new TreeSet<>();
        for (TensorEntry t : tensors) {
            String name = t.name();
            if (!name.startsWith("blk.")) continue;
            int dot = name.indexOf('.', 4);
            if (dot < 0) continue;
            try {
                indices.add(Integer.parseInt(name.substring(4, dot)));
            } catch (NumberFormatException e) {
                throw new UnsupportedModelException("tensor '" + name + "' has no block number after 'blk.'");
            }
        }
        if (!indices.isEmpty() && (indices.first() != 0 || indices.last() != indices.size() - 1)) {
            throw new UnsupportedModelException("the file's blocks are not numbered 0.." + (indices.size() - 1)
                    + " (found blk." + indices.first() + " .. blk." + indices.last() + ")");
        }
        return indices.size();
    }

    private int positive(String key) throws IOException {
        int value = gguf.getInt(key);
        if (value <= 0) throw bad(key, value, "must be positive");
        return value;
    }

    private double finitePositive(String key) throws IOException {
        double value = gguf.getFloat(key);
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new UnsupportedModelException(gguf.path() + ": " + key + " = " + value + " must be a finite positive"
                    + " number");
        }
        return value;
    }

    private UnsupportedModelException bad(String key, long value, String why) {
        return new UnsupportedModelException(gguf.path() + ": " + key + " = " + value + " " + why);
    }
}
