package r1j.engine.model;

/**
 * Hyper-parameters of a Qwen2-architecture model, whichever file they came from.
 *
 * @param contextLength the model's trained context (GGUF {@code qwen2.context_length}, HF
 *                      {@code max_position_embeddings})
 */
public record ModelConfig(
        String architecture,
        int layers,
        int hiddenSize,
        int intermediateSize,
        int heads,
        int kvHeads,
        int headDim,
        int vocabSize,
        int contextLength,
        float rmsNormEps,
        double ropeTheta) {

    public ModelConfig {
        require(layers > 0, "layers", layers);
        require(hiddenSize > 0, "hidden size", hiddenSize);
        require(intermediateSize > 0, "intermediate size", intermediateSize);
        require(heads > 0 && hiddenSize % heads == 0, "head count (must divide hidden size " + hiddenSize + ")", heads);
        require(kvHeads > 0 && heads % kvHeads == 0, "KV head count (must divide head count " + heads + ")", kvHeads);
        require(headDim > 0 && headDim % 2 == 0, "head dim", headDim);
        require(vocabSize > 0, "vocabulary size", vocabSize);
        require(contextLength > 0, "context length", contextLength);
        if (!(rmsNormEps > 0) || !(ropeTheta > 0) || !Float.isFinite(rmsNormEps) || !Double.isFinite(ropeTheta)) {
            throw new UnsupportedModelException("bad norm epsilon " + rmsNormEps + " or RoPE theta " + ropeTheta);
        }
    }

    private static void require(boolean ok, String what, int value) {
        if (!ok) throw new UnsupportedModelException("bad " + what + ": " + value);
    }

    /** Width of the K and V projections: all KV heads side by side. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** How many query heads share one KV head (grouped-query attention). */
    public int groupSize() {
        return heads / kvHeads;
    }
}
