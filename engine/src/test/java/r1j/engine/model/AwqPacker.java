package r1j.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import r1j.engine.gguf.GgufFile;
import r1j.engine.safetensors.SafetensorsTestFiles;
import r1j.engine.safetensors.SafetensorsTestFiles.HfTensor;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * Test utility: writes an AWQ checkpoint of a float GGUF model the way AutoAWQ saves one (4-bit, zero points, GEMM
 * packing, fp16 scales and fp16 everything else, {@code quantization_config} in config.json). Each group of
 * {@code group} input values of an output row gets min/max asymmetric quantization (AutoAWQ's
 * {@code pseudo_quantize_tensor} without the activation-aware scale search, which changes the numbers, not the
 * layout): scale = (max - min) / 15 rounded to fp16, zero = round(-min / scale), q = round(w / scale) + zero,
 * both clamped to [0, 15]. Packing puts output {@code 8j + [0,2,4,6,1,3,5,7][k]} in nibble k of int32 column j.
 */
final class AwqPacker {
    /** AutoAWQ's {@code order_map} for 4 bits. */
    static final int[] ORDER_MAP = {0, 2, 4, 6, 1, 3, 5, 7};
    private static final Pattern LAYER = Pattern.compile("blk\\.(\\d+)\\.(.+)");
    private static final Map<String, String> PER_LAYER = Map.ofEntries(
            Map.entry("attn_norm.weight", "input_layernorm.weight"),
            Map.entry("attn_q.weight", "self_attn.q_proj.weight"), Map.entry("attn_q.bias", "self_attn.q_proj.bias"),
            Map.entry("attn_k.weight", "self_attn.k_proj.weight"), Map.entry("attn_k.bias", "self_attn.k_proj.bias"),
            Map.entry("attn_v.weight", "self_attn.v_proj.weight"), Map.entry("attn_v.bias", "self_attn.v_proj.bias"),
            Map.entry("attn_output.weight", "self_attn.o_proj.weight"), Map.entry("ffn_norm.weight", "post_attention_layernorm.weight"),
            Map.entry("ffn_gate.weight", "mlp.gate_proj.weight"), Map.entry("ffn_up.weight", "mlp.up_proj.weight"),
            Map.entry("ffn_down.weight", "mlp.down_proj.weight"));
    private static final Map<String, String> GLOBAL = Map.of("token_embd.weight", "model.embed_tokens.weight",
            "output_norm.weight", "model.norm.weight", "output.weight", "lm_head.weight");

    /** One quantized layer as the packer chose it: the truth the loaded weights are compared with. */
    record Linear(String ggufName, int in, int out, int group, byte[] q, byte[] zeros, short[] scales) {
        /** The AWQ weight {@code (q - z) * s} of output row o, input i, in float32. */
        float value(int o, int i) {
            int g = o * (in / group) + i / group;
            return (q[o * in + i] - zeros[g]) * Float.float16ToFloat(scales[g]);
        }
    }

    private AwqPacker() {
    }

    /** Writes the AWQ directory {@code out} from {@code f32Gguf}, with config and tokenizer files from {@code hfDir}. */
    static Map<String, Linear> pack(Path f32Gguf, Path hfDir, Path out, int group) throws IOException {
        Files.createDirectories(out);
        Map<String, Linear> linears = new LinkedHashMap<>();
        List<HfTensor> tensors = new ArrayList<>();
        try (GgufFile gguf = GgufFile.open(f32Gguf)) {
            for (TensorEntry t : gguf.tensors()) {
                if (t.type() != GgmlType.F32) throw new IllegalArgumentException(t + " is not F32");
                String hf = hfName(t.name());
                if (t.shape().length == 2 && hf.startsWith("model.layers.") && hf.endsWith("_proj.weight")) {
                    Linear l = quantize(t, group);
                    linears.put(t.name(), l);
                    String prefix = hf.substring(0, hf.length() - ".weight".length());
                    tensors.add(new HfTensor(prefix + ".qweight", "I32", new long[] {l.in, l.out / 8}, packWeights(l)));
                    tensors.add(new HfTensor(prefix + ".qzeros", "I32", new long[] {l.in / group, l.out / 8}, packZeros(l)));
                    tensors.add(new HfTensor(prefix + ".scales", "F16", new long[] {l.in / group, l.out}, scalesBytes(l)));
                } else {
                    long[] hfShape = new long[t.shape().length];
                    for (int d = 0; d < hfShape.length; d++) hfShape[d] = t.shape()[hfShape.length - 1 - d];
                    tensors.add(new HfTensor(hf, "F16", hfShape, toF16(t.data(), t.elementCount())));
                }
            }
        }
        SafetensorsTestFiles.write(out.resolve("model.safetensors"), tensors);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(hfDir.resolve("config.json").toFile());
        config.put("torch_dtype", "float16");
        config.putObject("quantization_config").put("quant_method", "awq").put("bits", 4).put("group_size", group)
                .put("zero_point", true).put("version", "gemm");
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("config.json").toFile(), config);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
            Files.copy(hfDir.resolve(f), out.resolve(f));
        }
        return linears;
    }

    private static Linear quantize(TensorEntry t, int group) {
        int in = t.rowLength(), out = t.rows(), groups = in / group;
        byte[] q = new byte[in * out];
        byte[] zeros = new byte[out * groups];
        short[] scales = new short[out * groups];
        MemorySegment data = t.data();
        for (int o = 0; o < out; o++) {
            for (int g = 0; g < groups; g++) {
                float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
                for (int i = g * group; i < (g + 1) * group; i++) {
                    float w = f32(data, (long) o * in + i);
                    min = Math.min(min, w);
                    max = Math.max(max, w);
                }
                short s16 = Float.floatToFloat16(Math.max(max - min, 1e-5f) / 15);
                float s = Float.float16ToFloat(s16);
                int z = clamp(Math.round(-min / s));
                scales[o * groups + g] = s16;
                zeros[o * groups + g] = (byte) z;
                for (int i = g * group; i < (g + 1) * group; i++) {
                    q[o * in + i] = (byte) clamp(Math.round(f32(data, (long) o * in + i) / s) + z);
                }
            }
        }
        return new Linear(t.name(), in, out, group, q, zeros, scales);
    }

    private static byte[] packWeights(Linear l) {
        ByteBuffer b = ByteBuffer.allocate(l.in * l.out / 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < l.in; i++) {
            for (int j = 0; j < l.out / 8; j++) {
                int v = 0;
                for (int k = 0; k < 8; k++) v |= l.q[(8 * j + ORDER_MAP[k]) * l.in + i] << (4 * k);
                b.putInt(v);
            }
        }
        return b.array();
    }

    private static byte[] packZeros(Linear l) {
        int groups = l.in / l.group;
        ByteBuffer b = ByteBuffer.allocate(groups * l.out / 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < l.out / 8; j++) {
                int v = 0;
                for (int k = 0; k < 8; k++) v |= l.zeros[(8 * j + ORDER_MAP[k]) * groups + g] << (4 * k);
                b.putInt(v);
            }
        }
        return b.array();
    }

    private static byte[] scalesBytes(Linear l) {
        int groups = l.in / l.group;
        ByteBuffer b = ByteBuffer.allocate(groups * l.out * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < l.out; o++) b.putShort(l.scales[o * groups + g]);
        }
        return b.array();
    }

    private static byte[] toF16(MemorySegment data, long n) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) b.putShort(Float.floatToFloat16(f32(data, i)));
        return b.array();
    }

    private static float f32(MemorySegment data, long index) {
        return data.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), index * 4);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(15, v));
    }

    static String hfName(String gguf) {
        String global = GLOBAL.get(gguf);
        if (global != null) return global;
        Matcher m = LAYER.matcher(gguf);
        if (m.matches() && PER_LAYER.containsKey(m.group(2))) return "model.layers." + m.group(1) + "." + PER_LAYER.get(m.group(2));
        throw new IllegalArgumentException("no Hugging Face name for " + gguf);
    }
}
