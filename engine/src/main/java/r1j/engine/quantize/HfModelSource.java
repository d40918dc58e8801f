package r1j.engine.quantize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import r1j.engine.gguf.GgufValueType;
import r1j.engine.gguf.GgufWriter;
import r1j.engine.model.HfCheckpoint;
import r1j.engine.model.HfConfig;
import r1j.engine.model.HfGenerationConfig;
import r1j.engine.tensor.TensorEntry;
import r1j.engine.tokenizer.AddedToken;
import r1j.engine.tokenizer.PreTokenizer;
import r1j.engine.tokenizer.TokenType;
import r1j.engine.tokenizer.TokenizerSpec;
import r1j.engine.tokenizer.TokenizerSpecs;

/**
 * A Hugging Face Qwen2 directory: the metadata llama.cpp's {@code convert_hf_to_gguf.py} writes for it —
 * hyper-parameters from {@code config.json}, the tokenizer as {@code tokenizer.ggml.*} (vocabulary padded to
 * {@code vocab_size} with unused {@code [PADn]} tokens, as the converter does), the chat template, and
 * {@code general.sampling.*} from {@code generation_config.json}.
 */
final class HfModelSource implements ModelSource {
    static final String ARCHITECTURE = "qwen2";
    /** The BOS of DeepSeek-R1-Distill-Qwen's tokenizer; Qwen2's own tokenizer has no BOS token at all. */
    static final String DEEPSEEK_R1_BOS = "<｜begin▁of▁sentence｜>";

    private final HfCheckpoint checkpoint;
    private final List<TensorEntry> tensors;

    private HfModelSource(HfCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.tensors = List.copyOf(checkpoint.tensors().values());
    }

    static HfModelSource open(Path directory) throws IOException {
        HfCheckpoint checkpoint = HfCheckpoint.open(directory);
        try {
            if (!HfConfig.QWEN2.equals(checkpoint.config().modelType())) {
                throw new IllegalArgumentException(directory.resolve(HfCheckpoint.CONFIG) + ": model_type '"
                        + checkpoint.config().modelType() + "' is not supported (supported: " + HfConfig.QWEN2 + ")");
            }
            if (checkpoint.tokenizerJson().isEmpty()) {
                throw new IllegalArgumentException(directory + ": no " + HfCheckpoint.TOKENIZER
                        + ", so the GGUF would have no tokenizer");
            }
            return new HfModelSource(checkpoint);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    @Override
    public List<TensorEntry> tensors() {
        return tensors;
    }

    @Override
    public int layers() {
        return checkpoint.config().numHiddenLayers();
    }

    @Override
    public void writeMetadata(GgufWriter w, QuantMix mix) {
        HfConfig c = checkpoint.config();
        String a = ARCHITECTURE;
        w.putString("general.architecture", a);
        w.putString("general.name", checkpoint.directory().toAbsolutePath().normalize().getFileName().toString());
        w.putUInt32(a + ".block_count", c.numHiddenLayers());
        w.putUInt32(a + ".context_length", c.maxPositionEmbeddings());
        w.putUInt32(a + ".embedding_length", c.hiddenSize());
        w.putUInt32(a + ".feed_forward_length", c.intermediateSize());
        w.putUInt32(a + ".attention.head_count", c.numAttentionHeads());
        w.putUInt32(a + ".attention.head_count_kv", c.numKeyValueHeads());
        w.put(a + ".rope.freq_base", GgufValueType.FLOAT32, (float) c.ropeTheta());
        w.put(a + ".attention.layer_norm_rms_epsilon", GgufValueType.FLOAT32, (float) c.rmsNormEps());
        w.putUInt32(GgufModelSource.FILE_TYPE, mix.fileType);
        w.putUInt32(GgufModelSource.QUANTIZATION_VERSION, GgufModelSource.GGML_QUANTIZATION_VERSION);
        writeSampling(w, checkpoint.generationConfig());
        writeTokenizer(w, c.vocabSize());
    }

    /** gguf-py's Metadata: temperature, top_p, top_k and repetition_penalty become general.sampling.*. */
    private static void writeSampling(GgufWriter w, HfGenerationConfig g) {
        if (g.temperature() != null) w.put("general.sampling.temp", GgufValueType.FLOAT32, g.temperature().floatValue());
        if (g.topP() != null) w.put("general.sampling.top_p", GgufValueType.FLOAT32, g.topP().floatValue());
        if (g.topK() != null) w.put("general.sampling.top_k", GgufValueType.INT32, g.topK());
        if (g.repetitionPenalty() != null) {
            w.put("general.sampling.penalty_repeat", GgufValueType.FLOAT32, g.repetitionPenalty().floatValue());
        }
    }

    private void writeTokenizer(GgufWriter w, int vocabSize) {
        TokenizerSpec spec = TokenizerSpecs.fromTokenizerJson(checkpoint.tokenizerJson().orElseThrow(),
                checkpoint.tokenizerConfigJson().orElse(null));
        if (spec.size() > vocabSize) {
            throw new IllegalArgumentException(checkpoint.directory() + ": the tokenizer has " + spec.size()
                    + " tokens but config.json's vocab_size is " + vocabSize);
        }
        // The embedding has vocab_size rows and llama.cpp requires one token per row: pad as convert_hf_to_gguf does.
        String[] tokens = Arrays.copyOf(spec.tokens(), vocabSize);
        int[] types = Arrays.copyOf(spec.tokenTypes(), vocabSize);
        for (int id = spec.size(); id < vocabSize; id++) {
            tokens[id] = "[PAD" + id + "]";
            types[id] = TokenType.UNUSED.code;
        }
        w.putString("tokenizer.ggml.model", "gpt2");
        w.putString("tokenizer.ggml.pre", preName(spec));
        w.putArray("tokenizer.ggml.tokens", GgufValueType.STRING, tokens);
        w.putArray("tokenizer.ggml.token_type", GgufValueType.INT32, types);
        w.putArray("tokenizer.ggml.merges", GgufValueType.STRING, spec.merges());
        if (spec.bos() >= 0) w.putUInt32("tokenizer.ggml.bos_token_id", spec.bos());
        if (spec.eos() >= 0) w.putUInt32("tokenizer.ggml.eos_token_id", spec.eos());
        if (spec.pad() >= 0) w.putUInt32("tokenizer.ggml.padding_token_id", spec.pad());
        w.put("tokenizer.ggml.add_bos_token", GgufValueType.BOOL, spec.addBos());
        w.put("tokenizer.ggml.add_eos_token", GgufValueType.BOOL, spec.addEos());
        checkpoint.chatTemplate().ifPresent(t -> w.putString("tokenizer.chat_template", t));
    }

    /**
     * llama.cpp's name for the split rule. Its converter recognises tokenizers by hashing their output on a test
     * text; the two Qwen2-pattern tokenizers it names differ in DeepSeek-R1-Distill's added BOS token, which is
     * what is checked here.
     */
    static String preName(TokenizerSpec spec) {
        if (spec.preTokenizer() == PreTokenizer.GPT2) return "gpt-2";
        List<String> added = new ArrayList<>();
        for (AddedToken t : spec.addedTokens()) added.add(t.content());
        return added.contains(DEEPSEEK_R1_BOS) ? "deepseek-r1-qwen" : "qwen2";
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
