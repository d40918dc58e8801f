package r1j.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The fields of a Hugging Face {@code config.json} that a Qwen2-family model needs.
 *
 * <p>Fields that every such config writes are required ({@code hidden_size}, {@code intermediate_size},
 * {@code num_hidden_layers}, {@code num_attention_heads}, {@code vocab_size}); the rest fall back to the defaults of
 * transformers' {@code Qwen2Config}, except that a missing {@code num_key_value_heads} means one KV head per query
 * head (what transformers does for old configs), not its constructor default of 32.
 *
 * @param bosTokenId  null when not given
 * @param eosTokenIds empty when not given; HF allows one id or a list
 * @param torchDtype  the dtype the weights were saved in ({@code torch_dtype}, or {@code dtype} in newer files);
 *                    null when not given
 */
public record HfConfig(
        List<String> architectures,
        String modelType,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        double rmsNormEps,
        double ropeTheta,
        int maxPositionEmbeddings,
        int vocabSize,
        boolean tieWordEmbeddings,
        Integer bosTokenId,
        List<Integer> eosTokenIds,
        String torchDtype) {

    public static final String QWEN2 = "qwen2";
    static final double DEFAULT_RMS_NORM_EPS = 1e-6;
    static final double DEFAULT_ROPE_THETA = 10000.0;
    static final int DEFAULT_MAX_POSITION_EMBEDDINGS = 32768;

    public HfConfig {
        architectures = List.copyOf(architectures);
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    public static HfConfig read(Path configJson) throws IOException {
        HfJsonFields f = HfJsonFields.read(configJson);
        int heads = f.requiredInt("num_attention_heads");
        Integer kvHeads = f.optionalInt("num_key_value_heads");
        Double eps = f.optionalDouble("rms_norm_eps");
        Double theta = f.optionalDouble("rope_theta");
        Integer maxPositions = f.optionalInt("max_position_embeddings");
        Boolean tied = f.optionalBoolean("tie_word_embeddings");
        String modelType = f.optionalString("model_type");
        String dtype = f.optionalString("torch_dtype");
        HfConfig config = new HfConfig(
                f.stringList("architectures"),
                modelType != null ? modelType : QWEN2,
                f.requiredInt("hidden_size"),
                f.requiredInt("intermediate_size"),
                f.requiredInt("num_hidden_layers"),
                heads,
                kvHeads != null ? kvHeads : heads,
                eps != null ? eps : DEFAULT_RMS_NORM_EPS,
                theta != null ? theta : DEFAULT_ROPE_THETA,
                maxPositions != null ? maxPositions : DEFAULT_MAX_POSITION_EMBEDDINGS,
                f.requiredInt("vocab_size"),
                tied != null && tied,
                f.optionalInt("bos_token_id"),
                f.intOrIntList("eos_token_id"),
                dtype != null ? dtype : f.optionalString("dtype"));
        config.check(configJson);
        return config;
    }

    /** Values a forward pass could not run with are reported here, naming the file, rather than deep in the model. */
    private void check(Path file) throws HfCheckpointException {
        positive(file, "hidden_size", hiddenSize);
        positive(file, "intermediate_size", intermediateSize);
        positive(file, "num_hidden_layers", numHiddenLayers);
        positive(file, "num_attention_heads", numAttentionHeads);
        positive(file, "num_key_value_heads", numKeyValueHeads);
        positive(file, "max_position_embeddings", maxPositionEmbeddings);
        positive(file, "vocab_size", vocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new HfCheckpointException(file, "num_attention_heads " + numAttentionHeads
                    + " does not divide hidden_size " + hiddenSize);
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new HfCheckpointException(file, "num_key_value_heads " + numKeyValueHeads
                    + " does not divide num_attention_heads " + numAttentionHeads);
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0) || !Double.isFinite(rmsNormEps) || !Double.isFinite(ropeTheta)) {
            throw new HfCheckpointException(file, "rms_norm_eps " + rmsNormEps + " and rope_theta " + ropeTheta
                    + " must be finite positive numbers");
        }
    }

    private static void positive(Path file, String key, int value) throws HfCheckpointException {
        if (value <= 0) throw new HfCheckpointException(file, "\"" + key + "\" must be positive, got " + value);
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }
}
