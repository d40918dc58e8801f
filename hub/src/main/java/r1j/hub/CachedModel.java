package r1j.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A repository in the cache.
 *
 * @param bytes        what its finished blobs take on disk
 * @param partialBytes what its unfinished downloads take ({@code .incomplete} blobs)
 * @param commit       the commit {@code refs/main} names, when that snapshot is here
 * @param files        that snapshot's files
 */
public record CachedModel(String repo, Path directory, long bytes, long partialBytes, Optional<String> commit,
                          List<String> files) {
}
