package r1j.engine.model;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face (transformers Qwen2) tensor names to GGUF names, the table llama.cpp's converter applies, so that
 * model code sees GGUF names only whichever file format the weights came from.
 *
 * <p>Names outside the table are kept as they are (a checkpoint with extra tensors still loads; the model
 * simply never asks for them). Non-weight buffers that some checkpoints save, such as RoPE's {@code inv_freq},
 * are dropped: r1j computes them.
 */
public final class HfTensorNames {

    private static final Map<String, String> GLOBAL = Map.of(
            "model.embed_tokens.weight", "token_embd.weight",
            "model.norm.weight", "output_norm.weight",
            "lm_head.weight", "output.weight");

    /** Per-layer names after {@code model.layers.N.} -> after {@code blk.N.}. */
    private static final Map<String, String> PER_LAYER = Map.ofEntries(
            Map.entry("input_layernorm.weight", "attn_norm.weight"),
            Map.entry("self_attn.q_proj.weight", "attn_q.weight"),
            Map.entry("self_attn.q_proj.bias", "attn_q.bias"),
            Map.entry("self_attn.k_proj.weight", "attn_k.weight"),
            Map.entry("self_attn.k_proj.bias", "attn_k.bias"),
            Map.entry("self_attn.v_proj.weight", "attn_v.weight"),
            Map.entry("self_attn.v_proj.bias", "attn_v.bias"),
            Map.entry("self_attn.o_proj.weight", "attn_output.weight"),
            Map.entry("post_attention_layernorm.weight", "ffn_norm.weight"),
            Map.entry("mlp.gate_proj.weight", "ffn_gate.weight"),
            Map.entry("mlp.up_proj.weight", "ffn_up.weight"),
            Map.entry("mlp.down_proj.weight", "ffn_down.weight"));

    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    private static final String ROTARY_BUFFER_SUFFIX = "rotary_emb.inv_freq";

    private HfTensorNames() {}

    /**
     * The GGUF name for {@code hfName}: the mapped name, {@code hfName} itself when the table does not know it, or
     * empty for buffers that are to be ignored.
     */
    public static Optional<String> ggufName(String hfName) {
        if (hfName.endsWith(ROTARY_BUFFER_SUFFIX)) return Optional.empty();
        String global = GLOBAL.get(hfName);
        if (global != null) return Optional.of(global);
        Matcher layer = LAYER.matcher(hfName);
        if (layer.matches()) {
            String suffix = PER_LAYER.get(layer.group(2));
            if (suffix != null) return Optional.of("blk." + layer.group(1) + "." + suffix);
        }
        return Optional.of(hfName);
    }
}
