package r1j.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A model ready in the cache.
 *
 * @param path       what the engine loads: the GGUF file, or the snapshot directory of a safetensors model
 * @param files      the repository files the model consists of
 * @param downloaded bytes fetched by this pull (0 when everything was cached)
 * @param fromCache  true when the hub was not asked (offline, or unreachable and the cache had the model)
 */
public record PulledModel(ModelReference reference, Path path, String commit, List<String> files, long downloaded,
                          boolean fromCache) {
}
