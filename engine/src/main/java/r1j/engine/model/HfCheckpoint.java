package r1j.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import r1j.engine.safetensors.SafetensorsFile;
import r1j.engine.tensor.TensorEntry;

/**
 * A Hugging Face model directory: {@code config.json}, optional {@code generation_config.json}, the weights in
 * {@code model.safetensors} or in shards listed by {@code model.safetensors.index.json}, and the tokenizer files.
 *
 * <p>Tensors are exposed under GGUF names ({@link HfTensorNames}) with ggml shapes, sliced from the memory-mapped
 * shard files, so the model code cannot tell this from a GGUF file. {@link #close()} unmaps every shard.
 *
 * <p>An AWQ checkpoint ({@link AwqConfig}) has its int4 layers repacked at open into Q8_0 tensors of the same values
 * ({@link AwqRepack}), held off-heap until {@link #close()}.
 */
public final class HfCheckpoint implements AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String GENERATION_CONFIG = "generation_config.json";
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String SHARD_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** Where transformers 4.43+ saves the template instead of inside tokenizer_config.json; it wins when present. */
    public static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";
    private static final String DEFAULT_TEMPLATE_NAME = "default";

    private final Path directory;
    private final HfConfig config;
    private final HfGenerationConfig generationConfig;
    private final List<SafetensorsFile> files;
    private final Map<String, TensorEntry> tensors;
    private final String chatTemplate;
    private final Optional<AwqConfig> awq;
    /** Off-heap memory of the AWQ layers repacked to Q8_0; null for unquantized checkpoints. */
    private final Arena repacked;

    private HfCheckpoint(Path directory, HfConfig config, HfGenerationConfig generationConfig,
                         List<SafetensorsFile> files, Map<String, TensorEntry> tensors, String chatTemplate,
                         Optional<AwqConfig> awq, Arena repacked) {
        this.awq = awq;
        this.repacked = repacked;
        this.directory = directory;
        this.config = config;
        this.generationConfig = generationConfig;
        this.files = files;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.chatTemplate = chatTemplate;
    }

    public static HfCheckpoint open(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new HfCheckpointException(directory, "not a directory (expected a Hugging Face model directory)");
        }
        Path configFile = directory.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) throw new HfCheckpointException(configFile, "missing");
        HfConfig config = HfConfig.read(configFile);
        Path generationFile = directory.resolve(GENERATION_CONFIG);
        HfGenerationConfig generation = Files.isRegularFile(generationFile)
                ? HfGenerationConfig.read(generationFile)
                : HfGenerationConfig.NONE;
        String template = readChatTemplate(directory);

        List<SafetensorsFile> files = new ArrayList<>();
        Optional<AwqConfig> awq = AwqConfig.read(directory);
        Arena repacked = awq.isPresent() ? Arena.ofShared() : null;
        try {
            Map<String, TensorEntry> tensors = openWeights(directory, files);
            if (awq.isPresent()) tensors = AwqRepack.apply(directory, tensors, awq.get(), repacked);
            return new HfCheckpoint(directory, config, generation, List.copyOf(files), tensors, template, awq, repacked);
        } catch (IOException | RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            if (repacked != null) repacked.close();
            throw e;
        }
    }

    /** Opens the single file or every shard (adding each to {@code opened} at once so a failure can close it). */
    private static Map<String, TensorEntry> openWeights(Path directory, List<SafetensorsFile> opened)
            throws IOException {
        Path single = directory.resolve(SINGLE_FILE);
        Path index = directory.resolve(SHARD_INDEX);
        Map<String, TensorEntry> byGgufName = new LinkedHashMap<>();
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            opened.add(file);
            addTensors(file, byGgufName);
        } else if (Files.isRegularFile(index)) {
            Map<String, String> weightMap = readWeightMap(directory, index);
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            for (String shardName : new TreeSet<>(weightMap.values())) {
                SafetensorsFile shard = SafetensorsFile.open(directory.resolve(shardName));
                opened.add(shard);
                shards.put(shardName, shard);
                addTensors(shard, byGgufName);
            }
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                if (shards.get(e.getValue()).tensor(e.getKey()).isEmpty()) {
                    throw new HfCheckpointException(index, "weight_map puts " + e.getKey() + " in " + e.getValue()
                            + ", which has no such tensor");
                }
            }
        } else {
            throw new HfCheckpointException(directory, "has neither " + SINGLE_FILE + " nor " + SHARD_INDEX);
        }
        return byGgufName;
    }

    private static Map<String, String> readWeightMap(Path directory, Path index) throws IOException {
        JsonNode weightMap = HfJsonFields.read(index).node("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new HfCheckpointException(index, "\"weight_map\" missing, empty or not an object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        Path base = directory.toAbsolutePath().normalize();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            JsonNode shard = e.getValue();
            // Shards must be files of this directory: a weight map is data, not a licence to read elsewhere.
            if (!shard.isTextual() || !base.equals(base.resolve(shard.textValue()).normalize().getParent())) {
                throw new HfCheckpointException(index, "weight_map entry " + e.getKey()
                        + " must name a file in the model directory, got " + shard);
            }
            result.put(e.getKey(), shard.textValue());
        }
        return result;
    }

    private static void addTensors(SafetensorsFile file, Map<String, TensorEntry> byGgufName)
            throws HfCheckpointException {
        for (TensorEntry t : file.tensors().values()) {
            Optional<String> gguf = HfTensorNames.ggufName(t.name());
            if (gguf.isEmpty()) continue;
            TensorEntry renamed = new TensorEntry(gguf.get(), t.type(), t.shape(), t.data());
            if (byGgufName.putIfAbsent(gguf.get(), renamed) != null) {
                throw new HfCheckpointException(file.path(), "tensor " + t.name() + " is " + gguf.get()
                        + ", which an earlier tensor or shard already provides");
            }
        }
    }

    /**
     * The template from {@code chat_template.jinja}, else {@code tokenizer_config.json}'s {@code chat_template},
     * which is either the template text or a list of {@code {name, template}} of which "default" is the one used
     * for plain chat (the others serve tool use or RAG when asked for by name).
     */
    private static String readChatTemplate(Path directory) throws IOException {
        Path templateFile = directory.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(templateFile)) return Files.readString(templateFile);
        Path tokenizerConfig = directory.resolve(TOKENIZER_CONFIG);
        if (!Files.isRegularFile(tokenizerConfig)) return null;
        JsonNode template = HfJsonFields.read(tokenizerConfig).node("chat_template");
        if (template == null) return null;
        if (template.isTextual()) return template.textValue();
        if (template.isArray()) {
            for (JsonNode named : template) {
                if (DEFAULT_TEMPLATE_NAME.equals(named.path("name").asText(null)) && named.path("template").isTextual()) {
                    return named.path("template").textValue();
                }
            }
            return null;
        }
        throw new HfCheckpointException(tokenizerConfig,
                "\"chat_template\" must be a string or a list of {name, template}, got " + template.getNodeType());
    }

    public Path directory() {
        return directory;
    }

    public HfConfig config() {
        return config;
    }

    /** The model's sampling defaults; {@link HfGenerationConfig#NONE} when the directory has no such file. */
    public HfGenerationConfig generationConfig() {
        return generationConfig;
    }

    /** All tensors keyed (and named) by their GGUF names, in file order. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    public Optional<TensorEntry> tensor(String ggufName) {
        return Optional.ofNullable(tensors.get(ggufName));
    }

    public Optional<Path> tokenizerJson() {
        return existing(TOKENIZER);
    }

    public Optional<Path> tokenizerConfigJson() {
        return existing(TOKENIZER_CONFIG);
    }

    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /**
     * The hyper-parameters in r1j's common form. As for GGUF, the vocabulary size is the embedding table's row
     * count; only Qwen2 ({@code model_type} "qwen2") is accepted.
     */
    public ModelConfig modelConfig() {
        if (!HfConfig.QWEN2.equals(config.modelType())) {
            throw new UnsupportedModelException(directory.resolve(CONFIG) + ": model_type '" + config.modelType()
                    + "' is not supported (supported: " + HfConfig.QWEN2 + ")");
        }
        TensorEntry embedding = tensor("token_embd.weight").orElseThrow(() -> new UnsupportedModelException(
                directory + ": no tensor model.embed_tokens.weight"));
        return new ModelConfig(
                config.modelType(),
                config.numHiddenLayers(),
                config.hiddenSize(),
                config.intermediateSize(),
                config.numAttentionHeads(),
                config.numKeyValueHeads(),
                config.headDim(),
                embedding.rows(),
                config.maxPositionEmbeddings(),
                (float) config.rmsNormEps(),
                config.ropeTheta());
    }

    private Optional<Path> existing(String name) {
        Path file = directory.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The AWQ settings when this is an AWQ checkpoint (its layers are then Q8_0 tensors, see {@link AwqRepack}). */
    public Optional<AwqConfig> awq() {
        return awq;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
        if (repacked != null) repacked.close();
    }
}
