package r1j.engine.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The hyper-parameters of a Qwen2 model, enough to lay out all its tensors. The tokenizer (and so the vocabulary
 * size it must agree with) comes from a separate GGUF.
 */
public record ModelShape(String name, int layers, int hidden, int heads, int kvHeads, int headDim, int intermediate,
        int vocab, int contextLength, float ropeTheta, float rmsEps) {

    /** DeepSeek-R1-Distill-Qwen-1.5B as its config.json and llama.cpp's conversion describe it. */
    public static final ModelShape DEEPSEEK_R1_DISTILL_QWEN_1_5B =
            new ModelShape("deepseek-r1-distill-qwen-1.5b", 28, 1536, 12, 2, 128, 8960, 151936, 131072, 10000f, 1e-6f);

    public ModelShape {
        if (layers < 1 || hidden < 1 || heads < 1 || kvHeads < 1 || intermediate < 1 || vocab < 1 || contextLength < 1) {
            throw new IllegalArgumentException("shape '" + name + "' has a non-positive size");
        }
        if (heads * headDim != hidden) {
            // Qwen2 in llama.cpp derives the head size as hidden / heads; other head sizes need extra keys.
            throw new IllegalArgumentException("shape '" + name + "': heads (" + heads + ") x head dim (" + headDim
                    + ") must equal hidden (" + hidden + ")");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("shape '" + name + "': " + heads + " heads cannot share " + kvHeads + " KV heads");
        }
    }

    public static List<ModelShape> known() {
        return List.of(DEEPSEEK_R1_DISTILL_QWEN_1_5B);
    }

    public static ModelShape named(String name) {
        for (ModelShape s : known()) {
            if (s.name().equalsIgnoreCase(name)) return s;
        }
        throw new IllegalArgumentException("unknown shape '" + name + "' (known: "
                + known().stream().map(ModelShape::name).toList() + ")");
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Every tensor of the model, named as llama.cpp names Qwen2 tensors, in the order llama.cpp's converter writes. */
    public List<TensorSpec> tensors() {
        List<TensorSpec> t = new ArrayList<>();
        t.add(new TensorSpec("token_embd.weight", new long[] {hidden, vocab}, TensorSpec.Init.EMBEDDING));
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            t.add(new TensorSpec(p + "attn_norm.weight", new long[] {hidden}, TensorSpec.Init.NORM));
            t.add(new TensorSpec(p + "attn_q.weight", new long[] {hidden, hidden}, TensorSpec.Init.MATRIX));
            t.add(new TensorSpec(p + "attn_q.bias", new long[] {hidden}, TensorSpec.Init.BIAS));
            t.add(new TensorSpec(p + "attn_k.weight", new long[] {hidden, kvDim()}, TensorSpec.Init.MATRIX));
            t.add(new TensorSpec(p + "attn_k.bias", new long[] {kvDim()}, TensorSpec.Init.BIAS));
            t.add(new TensorSpec(p + "attn_v.weight", new long[] {hidden, kvDim()}, TensorSpec.Init.MATRIX));
            t.add(new TensorSpec(p + "attn_v.bias", new long[] {kvDim()}, TensorSpec.Init.BIAS));
            t.add(new TensorSpec(p + "attn_output.weight", new long[] {hidden, hidden}, TensorSpec.Init.MATRIX));
            t.add(new TensorSpec(p + "ffn_norm.weight", new long[] {hidden}, TensorSpec.Init.NORM));
            t.add(new TensorSpec(p + "ffn_gate.weight", new long[] {hidden, intermediate}, TensorSpec.Init.MATRIX));
            t.add(new TensorSpec(p + "ffn_up.weight", new long[] {hidden, intermediate}, TensorSpec.Init.MATRIX));
            t.add(new TensorSpec(p + "ffn_down.weight", new long[] {intermediate, hidden}, TensorSpec.Init.MATRIX));
        }
        t.add(new TensorSpec("output_norm.weight", new long[] {hidden}, TensorSpec.Init.NORM));
        t.add(new TensorSpec("output.weight", new long[] {hidden, vocab}, TensorSpec.Init.MATRIX));
        return List.copyOf(t);
    }
}
