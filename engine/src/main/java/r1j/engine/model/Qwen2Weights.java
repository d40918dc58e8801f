package r1j.engine.model;

import java.util.Arrays;
import java.util.Map;
import r1j.engine.kernels.WeightMatrix;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.nativekernels.KernelSelector;
import r1j.engine.quant.QuantFormats;
import r1j.engine.tensor.TensorEntry;

/**
 * All Qwen2 weights, looked up by GGUF tensor name (as llama.cpp's {@code src/models/qwen2.cpp} does). Matrices stay
 * memory-mapped; only the small 1-D norms and biases are dequantized to float arrays.
 */
public record Qwen2Weights(WeightMatrix tokenEmbedding, LayerWeights[] layers, float[] outputNorm, WeightMatrix output) {

    /** The weights on the kernels {@code --kernels} chose for this process ({@link KernelSelector#current()}). */
    public static Qwen2Weights from(ModelConfig c, Map<String, TensorEntry> tensors) {
        return from(c, tensors, KernelSelector.current());
    }

    /** The weights with their matrices on {@code kernels} (native ones fall back to Java per tensor type). */
    public static Qwen2Weights from(ModelConfig c, Map<String, TensorEntry> tensors, KernelChoice kernels) {
        TensorLookup t = new TensorLookup(tensors, kernels);
        WeightMatrix embedding = t.matrix("token_embd.weight", c.hiddenSize(), c.vocabSize());
        // A layer count the tensors do not back fails here, before an array is sized by it.
        t.get("blk." + (c.layers() - 1) + ".attn_norm.weight");
        LayerWeights[] layers = new LayerWeights[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "blk." + i + ".";
            layers[i] = new LayerWeights(
                    t.vector(p + "attn_norm.weight", c.hiddenSize()),
                    t.matrix(p + "attn_q.weight", c.hiddenSize(), c.heads() * c.headDim()),
                    t.vector(p + "attn_q.bias", c.heads() * c.headDim()),
                    t.matrix(p + "attn_k.weight", c.hiddenSize(), c.kvDim()),
                    t.vector(p + "attn_k.bias", c.kvDim()),
                    t.matrix(p + "attn_v.weight", c.hiddenSize(), c.kvDim()),
                    t.vector(p + "attn_v.bias", c.kvDim()),
                    t.matrix(p + "attn_output.weight", c.heads() * c.headDim(), c.hiddenSize()),
                    t.vector(p + "ffn_norm.weight", c.hiddenSize()),
                    t.matrix(p + "ffn_gate.weight", c.hiddenSize(), c.intermediateSize()),
                    t.matrix(p + "ffn_up.weight", c.hiddenSize(), c.intermediateSize()),
                    t.matrix(p + "ffn_down.weight", c.intermediateSize(), c.hiddenSize()));
        }
        float[] outputNorm = t.vector("output_norm.weight", c.hiddenSize());
        // Untied output head; models with tied embeddings (Qwen2.5-0.5B) have no output.weight and reuse the table.
        WeightMatrix output = tensors.containsKey("output.weight")
                ? t.matrix("output.weight", c.hiddenSize(), c.vocabSize())
                : embedding;
        return new Qwen2Weights(embedding, layers, outputNorm, output);
    }

    /** Weight matrices the forward pass multiplies by (the embedding table is only read by rows). */
    public int matrixCount() {
        return layers.length * 7 + 1;
    }

    /** How many of {@link #matrixCount()} run on the native kernels. */
    public int nativeMatrixCount() {
        int n = output.isNative() ? 1 : 0;
        for (LayerWeights l : layers) {
            for (WeightMatrix m : new WeightMatrix[] {l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down()}) {
                if (m.isNative()) n++;
            }
        }
        return n;
    }

    /** Name-checked, shape-checked access to the tensor map. */
    private record TensorLookup(Map<String, TensorEntry> tensors, KernelChoice kernels) {
        TensorEntry get(String name) {
            TensorEntry e = tensors.get(name);
            if (e == null) throw new UnsupportedModelException("model file has no tensor '" + name + "'");
            return e;
        }

        WeightMatrix matrix(String name, int cols, int rows) {
            TensorEntry e = get(name);
            if (e.shape().length != 2 || e.shape()[0] != cols || e.shape()[1] != rows) {
                throw new UnsupportedModelException("tensor " + name + " has shape " + Arrays.toString(e.shape())
                        + ", expected [" + cols + ", " + rows + "]");
            }
            return new WeightMatrix(e, kernels);
        }

        float[] vector(String name, int length) {
            TensorEntry e = get(name);
            if (e.elementCount() != length) {
                throw new UnsupportedModelException("tensor " + name + " has shape " + Arrays.toString(e.shape())
                        + ", expected [" + length + "]");
            }
            float[] out = new float[length];
            QuantFormats.forTensor(e).dequantize(e.data(), 0, out, 0, length);
            return out;
        }
    }
}
