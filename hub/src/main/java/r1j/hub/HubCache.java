package r1j.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Hugging Face cache on disk, laid out exactly as huggingface_hub lays it out so either side reuses the other's
 * downloads:
 * <pre>
 * HF_HUB_CACHE/models--ORG--NAME/
 *   blobs/&lt;sha256 or git blob id&gt;            the file contents, once per distinct content
 *   blobs/&lt;id&gt;.incomplete                      a download in progress (resumed with an HTTP Range)
 *   snapshots/&lt;commit&gt;/&lt;path&gt;                 relative symlinks into blobs/
 *   refs/main                                 the commit that "main" pointed to at the last resolve
 * HF_HUB_CACHE/.locks/models--ORG--NAME/&lt;id&gt;.lock
 * </pre>
 */
public final class HubCache {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path repoDir(String repo) {
        return root.resolve(folderName(repo));
    }

    static String folderName(String repo) {
        return "models--" + repo.replace("/", "--");
    }

    Path blob(String repo, String blobId) {
        return repoDir(repo).resolve("blobs").resolve(blobId);
    }

    Path incomplete(String repo, String blobId) {
        return repoDir(repo).resolve("blobs").resolve(blobId + ".incomplete");
    }

    Path lockFile(String repo, String blobId) {
        return root.resolve(".locks").resolve(folderName(repo)).resolve(blobId + ".lock");
    }

    public Path snapshot(String repo, String commit) {
        return repoDir(repo).resolve("snapshots").resolve(commit);
    }

    /** The commit a ref (e.g. "main") pointed to when it was last resolved, if that snapshot exists here. */
    Optional<String> commitOf(String repo, String ref) throws IOException {
        if (COMMIT.matcher(ref).matches()) {
            return Files.isDirectory(snapshot(repo, ref)) ? Optional.of(ref) : Optional.empty();
        }
        Path file = repoDir(repo).resolve("refs").resolve(ref);
        if (!Files.isRegularFile(file)) return Optional.empty();
        String commit = Files.readString(file, StandardCharsets.UTF_8).strip();
        return COMMIT.matcher(commit).matches() && Files.isDirectory(snapshot(repo, commit))
                ? Optional.of(commit) : Optional.empty();
    }

    void writeRef(String repo, String ref, String commit) throws IOException {
        if (ref.equals(commit)) return;
        Path file = repoDir(repo).resolve("refs").resolve(ref);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");   // one per writer
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** True when the snapshot holds {@code path} and it leads to an existing blob. */
    boolean hasSnapshotFile(String repo, String commit, String path) {
        return Files.isRegularFile(snapshot(repo, commit).resolve(path));   // follows the symlink
    }

    /** Points {@code snapshots/<commit>/<path>} at its blob with a relative symlink, as huggingface_hub does. */
    void link(String repo, String commit, String path, String blobId) throws IOException {
        Path link = snapshot(repo, commit).resolve(path);
        Files.createDirectories(link.getParent());
        Path target = link.getParent().relativize(blob(repo, blobId));
        // Already right (another thread or process linked it since the caller looked): keep it. Deleting and
        // re-creating it would leave a moment without the file for whoever was handed its path meanwhile.
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) return;
        Files.deleteIfExists(link);
        try {
            Files.createSymbolicLink(link, target);
        } catch (FileAlreadyExistsException raced) {
            // Another process linked the same file at the same time: same target, nothing to do.
        } catch (UnsupportedOperationException | IOException noSymlinks) {
            Files.copy(blob(repo, blobId), link, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The files of a cached snapshot, relative paths with '/' separators, in name order. */
    List<String> snapshotFiles(String repo, String commit) throws IOException {
        Path dir = snapshot(repo, commit);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !Files.isDirectory(p))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    /** Every cached model repository, with what its blobs take on disk. */
    public List<CachedModel> list() throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        List<CachedModel> models = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "models--*")) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString().substring("models--".length());
                int sep = name.indexOf("--");
                if (sep < 0) continue;
                String repo = name.substring(0, sep) + "/" + name.substring(sep + 2);
                models.add(describe(repo, dir));
            }
        }
        models.sort(Comparator.comparing(CachedModel::repo));
        return models;
    }

    private CachedModel describe(String repo, Path dir) throws IOException {
        long complete = 0, partial = 0;
        Path blobs = dir.resolve("blobs");
        if (Files.isDirectory(blobs)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
                for (Path f : files) {
                    if (f.getFileName().toString().endsWith(".incomplete")) partial += Files.size(f);
                    else complete += Files.size(f);
                }
            }
        }
        Optional<String> commit = commitOf(repo, "main");
        List<String> files = commit.isPresent() ? snapshotFiles(repo, commit.get()) : List.of();
        return new CachedModel(repo, dir, complete, partial, commit, files);
    }

    /** Deletes a repository's blobs, snapshots and refs. False when nothing of it was cached. */
    public boolean remove(String repo) throws IOException {
        Path dir = repoDir(repo);
        if (!Files.exists(dir)) return false;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        Path locks = root.resolve(".locks").resolve(folderName(repo));
        if (Files.isDirectory(locks)) {
            try (Stream<Path> walk = Files.walk(locks)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return true;
    }
}
