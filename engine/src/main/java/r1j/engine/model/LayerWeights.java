package r1j.engine.model;

import r1j.engine.kernels.WeightMatrix;

/** One transformer block of Qwen2, named the GGUF way ({@code blk.N.*}). Norm weights and biases are float32. */
public record LayerWeights(
        float[] attnNorm,
        WeightMatrix wq, float[] bq,
        WeightMatrix wk, float[] bk,
        WeightMatrix wv, float[] bv,
        WeightMatrix wo,
        float[] ffnNorm,
        WeightMatrix gate,
        WeightMatrix up,
        WeightMatrix down) {
}
