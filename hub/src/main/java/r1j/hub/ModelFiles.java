package r1j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which files of a repository a reference needs. The same rule serves a live file list and a cached snapshot,
 * so offline use picks the same file an online pull would have.
 *
 * <p>A reference without a tag means the repository's safetensors model when it has one ({@code config.json} plus
 * {@code model.safetensors} or {@code model.safetensors.index.json}); a repository with only GGUF files gets
 * its default quant ({@link GgufFilePicker}). A tag always means one GGUF file.
 */
final class ModelFiles {
    static final String CONFIG = "config.json";
    static final String SINGLE_WEIGHTS = "model.safetensors";
    static final String SHARD_INDEX = "model.safetensors.index.json";
    /** Read by the engine when present; the tokenizer file is required (a repository without it cannot be run). */
    static final List<String> OPTIONAL = List.of("generation_config.json", "tokenizer_config.json", "chat_template.jinja",
            "quant_config.json");
    static final String TOKENIZER = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The files to fetch. For a sharded safetensors model this holds the index; its shards come from
     * {@link #shardsOf} once the index is local.
     *
     * @param gguf the GGUF file chosen, or empty for a safetensors model (the snapshot directory is the model)
     */
    record Choice(Optional<String> gguf, List<String> files) {
        boolean sharded() {
            return files.contains(SHARD_INDEX);
        }
    }

    private ModelFiles() {
    }

    static Choice choose(ModelReference ref, List<String> paths) throws HubException {
        boolean safetensors = paths.contains(CONFIG) && (paths.contains(SINGLE_WEIGHTS) || paths.contains(SHARD_INDEX));
        if (ref.tag().isEmpty() && safetensors) {
            List<String> files = new ArrayList<>(List.of(CONFIG, TOKENIZER));
            OPTIONAL.stream().filter(paths::contains).forEach(files::add);
            files.add(paths.contains(SHARD_INDEX) ? SHARD_INDEX : SINGLE_WEIGHTS);
            return new Choice(Optional.empty(), files);
        }
        Optional<String> gguf = GgufFilePicker.pick(paths, ref.tag());
        if (gguf.isEmpty()) {
            List<String> available = paths.stream().filter(GgufFilePicker::isModelFile).toList();
            throw new HubException(available.isEmpty() && ref.tag().isEmpty()
                    ? ref.repo() + " holds neither a safetensors model (config.json, model.safetensors, tokenizer.json)"
                      + " nor GGUF files"
                    : "no GGUF file in " + ref.repo() + " matches '" + ref.tag().orElse("") + "'; available: "
                      + (available.isEmpty() ? "none" : String.join(", ", available)));
        }
        int parts = GgufFilePicker.parts(gguf.get());
        if (parts > 1) {
            throw new HubException(gguf.get() + " is split into " + parts + " parts, which r1j cannot load;"
                    + " merge them with llama-gguf-split --merge and pass --model PATH, or pick a smaller quant");
        }
        return new Choice(gguf, List.of(gguf.get()));
    }

    /** The shard files a {@code model.safetensors.index.json} names, in first-use order. */
    static List<String> shardsOf(Path index) throws IOException {
        JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
        if (!map.isObject() || map.isEmpty()) throw new HubException(index + " has no weight_map");
        Set<String> shards = new LinkedHashSet<>();
        map.properties().forEach(e -> shards.add(e.getValue().asText()));
        for (String s : shards) {
            if (s.contains("..") || s.startsWith("/")) throw new HubException(index + " names a shard outside the model: " + s);
        }
        return List.copyOf(shards);
    }
}
