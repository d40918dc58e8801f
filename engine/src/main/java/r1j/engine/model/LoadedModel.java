package r1j.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import r1j.engine.gguf.GgufFile;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.nativekernels.KernelSelector;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.template.ChatTemplate;
import r1j.engine.tensor.TensorEntry;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.engine.tokenizer.TokenizerSpecs;

/**
 * Everything one model file or directory provides, loaded and checked: hyper-parameters, the memory-mapped tensors
 * (by GGUF name), the tokenizer, the chat template and the sampling defaults. Closing it unmaps the tensors.
 */
public final class LoadedModel implements AutoCloseable {
    /** The model authors' recommended sampling for DeepSeek-R1-Distill, used when the file names none. */
    public static final SamplingOverrides R1_USAGE_DEFAULTS = SamplingOverrides.builder().temperature(0.6).topP(0.95).build();

    /** Texts of end-of-generation tokens that chat models use besides their declared EOS. */
    private static final List<String> END_OF_GENERATION_TEXTS =
            List.of("<｜end▁of▁sentence｜>", "<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|end|>");

    private final String name;
    private final Path path;
    private final ModelConfig config;
    private final Map<String, TensorEntry> tensors;
    private final Qwen2Weights weights;
    private final KernelChoice kernels;
    private final BpeTokenizer tokenizer;
    private final String chatTemplateSource;
    private final ChatTemplate chatTemplate;
    private final SamplingOverrides samplingDefaults;
    private final Set<Integer> endOfGenerationIds;
    private final AutoCloseable mapping;

    private LoadedModel(String name, Path path, ModelConfig config, Map<String, TensorEntry> tensors,
            BpeTokenizer tokenizer, String chatTemplateSource, SamplingOverrides samplingDefaults,
            Set<Integer> declaredEos, AutoCloseable mapping) {
        this.name = name;
        this.path = path;
        this.config = config;
        this.tensors = tensors;
        // Resolved now so that a missing tensor, a wrong shape or an unsupported type fails at load, naming it.
        this.kernels = KernelSelector.current();
        this.weights = Qwen2Weights.from(config, tensors, kernels);
        this.tokenizer = tokenizer;
        this.chatTemplateSource = chatTemplateSource;
        this.chatTemplate = chatTemplateSource == null ? null : ChatTemplate.compile(chatTemplateSource);
        this.samplingDefaults = samplingDefaults.orElse(R1_USAGE_DEFAULTS);
        Set<Integer> eog = new LinkedHashSet<>(declaredEos);
        eog.add(tokenizer.eos());
        for (String text : END_OF_GENERATION_TEXTS) tokenizer.id(text).ifPresent(eog::add);
        this.endOfGenerationIds = Set.copyOf(eog);
        this.mapping = mapping;
    }

    /** Loads a {@code .gguf} file or a Hugging Face model directory. */
    public static LoadedModel load(Path path) throws IOException {
        return load(path, null);
    }

    /**
     * As {@link #load(Path)}, with {@code chatTemplate} (a template's source, see {@code BuiltInTemplates}) in place
     * of the file's own, or the file's own when null.
     */
    public static LoadedModel load(Path path, String chatTemplate) throws IOException {
        if (Files.isDirectory(path)) return loadHuggingFace(path, chatTemplate);
        if (!Files.isRegularFile(path)) throw new IOException("model not found: " + path);
        return loadGguf(path, chatTemplate);
    }

    private static LoadedModel loadGguf(Path path, String chatTemplate) throws IOException {
        GgufFile gguf = GgufFile.open(path);
        try {
            ModelConfig config = GgufModelConfig.read(gguf);
            Map<String, TensorEntry> tensors = new LinkedHashMap<>();
            for (TensorEntry t : gguf.tensors()) tensors.put(t.name(), t);
            BpeTokenizer tokenizer = new BpeTokenizer(TokenizerSpecs.fromGguf(gguf));
            String template = chatTemplate != null ? chatTemplate
                    : gguf.has("tokenizer.chat_template") ? gguf.getString("tokenizer.chat_template") : null;
            Set<Integer> eos = new LinkedHashSet<>();
            if (gguf.has("tokenizer.ggml.eot_token_id")) eos.add(gguf.getInt("tokenizer.ggml.eot_token_id"));
            String name = stripExtension(path.getFileName().toString());
            return new LoadedModel(name, path, config, tensors, tokenizer, template, ggufSampling(gguf), eos, gguf);
        } catch (IOException | RuntimeException e) {
            gguf.close();
            throw e;
        }
    }

    private static LoadedModel loadHuggingFace(Path dir, String chatTemplate) throws IOException {
        HfCheckpoint hf = HfCheckpoint.open(dir);
        try {
            ModelConfig config = hf.modelConfig();
            if (!GgufModelConfig.QWEN2.equals(config.architecture())) {
                throw new UnsupportedModelException(dir + ": architecture '" + config.architecture()
                        + "' is not supported (supported: " + GgufModelConfig.QWEN2 + ")");
            }
            Path tokenizerJson = hf.tokenizerJson().orElseThrow(
                    () -> new UnsupportedModelException(dir + ": no tokenizer.json (the model has no tokenizer)"));
            BpeTokenizer tokenizer = new BpeTokenizer(
                    TokenizerSpecs.fromTokenizerJson(tokenizerJson, hf.tokenizerConfigJson().orElse(null)));
            HfGenerationConfig g = hf.generationConfig();
            SamplingOverrides defaults = SamplingOverrides.builder()
                    .temperature(g.temperature()).topP(g.topP()).topK(g.topK())
                    .repetitionPenalty(g.repetitionPenalty()).build();
            return new LoadedModel(dir.getFileName().toString(), dir, config, hf.tensors(), tokenizer,
                    chatTemplate != null ? chatTemplate : hf.chatTemplate().orElse(null), defaults, Set.copyOf(g.eosTokenIds()), hf);
        } catch (RuntimeException e) {
            hf.close();
            throw e;
        }
    }

    /** llama.cpp's {@code general.sampling.*} keys, when a GGUF carries its model's recommended sampling. */
    private static SamplingOverrides ggufSampling(GgufFile gguf) throws IOException {
        SamplingOverrides.Builder b = SamplingOverrides.builder();
        if (gguf.has("general.sampling.temp")) b.temperature((double) gguf.getFloat("general.sampling.temp"));
        if (gguf.has("general.sampling.top_p")) b.topP((double) gguf.getFloat("general.sampling.top_p"));
        if (gguf.has("general.sampling.top_k")) b.topK(gguf.getInt("general.sampling.top_k"));
        if (gguf.has("general.sampling.min_p")) b.minP((double) gguf.getFloat("general.sampling.min_p"));
        if (gguf.has("general.sampling.penalty_repeat")) {
            b.repetitionPenalty((double) gguf.getFloat("general.sampling.penalty_repeat"));
        }
        return b.build();
    }

    private static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    public ModelConfig config() {
        return config;
    }

    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    /** The weights arranged for the forward pass (matrices still memory-mapped). */
    public Qwen2Weights weights() {
        return weights;
    }

    /** The kernels this model runs on and why ({@code --kernels}); see {@link #kernelSummary()}. */
    public KernelChoice kernels() {
        return kernels;
    }

    /** The start-up line: e.g. {@code native: avx512-vnni (197 of 197 weight matrices)}. */
    public String kernelSummary() {
        if (!kernels.isNative()) return kernels.description();
        int n = weights.nativeMatrixCount(), all = weights.matrixCount();
        return kernels.description() + (n == all ? " (all " + all + " weight matrices)"
                : " (" + n + " of " + all + " weight matrices; types it does not serve on the Java kernels)");
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    /** The model's own chat template, compiled; empty when the file has none. */
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    public Optional<String> chatTemplateSource() {
        return Optional.ofNullable(chatTemplateSource);
    }

    /** Sampling the model recommends (file values over the R1 usage defaults); requests override them. */
    public SamplingOverrides samplingDefaults() {
        return samplingDefaults;
    }

    /** Token ids that end a generation: EOS and the end-of-turn tokens the vocabulary has. */
    public Set<Integer> endOfGenerationIds() {
        return endOfGenerationIds;
    }

    @Override
    public void close() {
        try {
            mapping.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + path, e);
        }
    }
}
