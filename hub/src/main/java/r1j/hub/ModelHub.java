package r1j.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ModelReference} into a local model path: asks the hub which commit {@code main} is and which files
 * it holds, fetches what the cache lacks (one progress bar for all of it), and links the snapshot. Offline
 * ({@code HF_HUB_OFFLINE}) or when the hub cannot be reached, the cached snapshot answers without any traffic, and
 * a model the cache lacks fails with one line naming the missing file and the way out ({@code --model PATH}).
 */
public final class ModelHub {
    public static final String REVISION = "main";

    private final HubSettings settings;
    private final HubCache cache;
    private final HubApi api;
    private final BlobDownload downloads;
    private final PrintStream progressOut;
    private final boolean interactive;

    /**
     * @param progressOut where the progress bar goes (stderr)
     * @param interactive true on a terminal: the bar redraws one line; false: a line per tenth
     */
    public ModelHub(HubSettings settings, PrintStream progressOut, boolean interactive) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.api = new HubApi(settings);
        this.downloads = new BlobDownload(api, cache, settings);
        this.progressOut = progressOut;
        this.interactive = interactive;
    }

    public HubCache cache() {
        return cache;
    }

    /** The model's local path, pulling it first when the cache lacks it. */
    public Path resolve(ModelReference ref) throws HubException {
        return pull(ref).path();
    }

    public PulledModel pull(ModelReference ref) throws HubException {
        try {
            if (settings.offline()) return fromCache(ref, "HF_HUB_OFFLINE is set");
            String commit;
            List<RepoFile> files;
            try {
                commit = api.commitOf(ref.repo(), REVISION);
                files = api.files(ref.repo(), commit);
            } catch (HubException e) {
                throw e;
            } catch (IOException unreachable) {
                return fromCache(ref, "cannot reach " + settings.endpoint() + " (" + describe(unreachable) + ")");
            }
            return fetch(ref, commit, files);
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            throw new HubException("cache " + settings.cacheDir() + ": " + describe(e), e);
        }
    }

    private PulledModel fetch(ModelReference ref, String commit, List<RepoFile> listed) throws IOException {
        Map<String, RepoFile> byPath = new LinkedHashMap<>();
        listed.forEach(f -> byPath.put(f.path(), f));
        ModelFiles.Choice choice = ModelFiles.choose(ref, List.copyOf(byPath.keySet()));
        List<RepoFile> wanted = new ArrayList<>();
        for (String path : choice.files()) {
            RepoFile f = byPath.get(path);
            if (f == null) throw new HubException(ref.repo() + " has no " + path + ", which r1j needs to run the model");
            wanted.add(f);
        }
        long downloaded = 0;
        if (choice.sharded()) {
            // The index is tiny and names the shards: fetch it on its own so one bar covers all the weights.
            RepoFile index = byPath.get(ModelFiles.SHARD_INDEX);
            downloaded += ensure(ref.repo(), commit, List.of(index), false);
            for (String shard : ModelFiles.shardsOf(cache.snapshot(ref.repo(), commit).resolve(ModelFiles.SHARD_INDEX))) {
                RepoFile f = byPath.get(shard);
                if (f == null) throw new HubException(ModelFiles.SHARD_INDEX + " of " + ref.repo() + " names " + shard + ", which the repository lacks");
                wanted.add(f);
            }
        }
        downloaded += ensure(ref.repo(), commit, wanted, true);
        cache.writeRef(ref.repo(), REVISION, commit);
        return new PulledModel(ref, modelPath(ref.repo(), commit, choice), commit,
                wanted.stream().map(RepoFile::path).toList(), downloaded, false);
    }

    /** Links every file into the snapshot, downloading the blobs that are missing; returns bytes downloaded. */
    private long ensure(String repo, String commit, List<RepoFile> files, boolean showProgress) throws IOException {
        List<RepoFile> missing = new ArrayList<>();
        for (RepoFile f : files) {
            if (cache.hasSnapshotFile(repo, commit, f.path())) continue;
            if (java.nio.file.Files.isRegularFile(cache.blob(repo, f.blobId()))) {
                cache.link(repo, commit, f.path(), f.blobId());    // fetched before, e.g. by huggingface_hub
            } else {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) return 0;
        long total = missing.stream().mapToLong(RepoFile::size).sum();
        long resumed = 0;
        for (RepoFile f : missing) resumed += downloads.partialBytes(repo, f);
        PrintStream out = showProgress ? progressOut : new PrintStream(OutputStream.nullOutputStream());
        if (showProgress) {
            progressOut.printf("r1j: downloading %s from %s/%s (%d file%s, %s%s)%n", String.join(", ", names(missing)),
                    settings.endpoint(), repo, missing.size(), missing.size() == 1 ? "" : "s", DownloadProgress.bytes(total),
                    resumed > 0 ? ", resuming after " + DownloadProgress.bytes(resumed) : "");
        }
        DownloadProgress progress = new DownloadProgress(out, interactive, total, System::nanoTime);
        try {
            for (RepoFile f : missing) {
                downloads.fetch(repo, commit, f, progress);
                cache.link(repo, commit, f.path(), f.blobId());
            }
        } finally {
            progress.finish();
        }
        return total - resumed;
    }

    private static List<String> names(List<RepoFile> files) {
        List<String> names = files.stream().map(RepoFile::path).toList();
        return names.size() <= 3 ? names : List.of(names.get(0), names.get(1), "... " + (names.size() - 2) + " more");
    }

    private PulledModel fromCache(ModelReference ref, String why) throws IOException {
        String repo = ref.repo();
        Optional<String> commit = cache.commitOf(repo, REVISION);
        if (commit.isEmpty()) throw notCached(ref, why, "no snapshot of " + repo + " in " + cache.repoDir(repo));
        ModelFiles.Choice choice;
        try {
            choice = ModelFiles.choose(ref, cache.snapshotFiles(repo, commit.get()));
        } catch (HubException e) {
            throw notCached(ref, why, e.getMessage());
        }
        List<String> files = new ArrayList<>(choice.files());
        Path snapshot = cache.snapshot(repo, commit.get());
        if (choice.sharded() && cache.hasSnapshotFile(repo, commit.get(), ModelFiles.SHARD_INDEX)) {
            files.addAll(ModelFiles.shardsOf(snapshot.resolve(ModelFiles.SHARD_INDEX)));
        }
        for (String f : files) {
            if (!cache.hasSnapshotFile(repo, commit.get(), f)) throw notCached(ref, why, "missing " + snapshot.resolve(f));
        }
        return new PulledModel(ref, modelPath(repo, commit.get(), choice), commit.get(), List.copyOf(files), 0, true);
    }

    private HubException notCached(ModelReference ref, String why, String what) {
        return new HubException(ref + " is not in the Hugging Face cache (" + what + ") and " + why
                + ": pull it while online (r1j pull " + ref + "), or pass --model PATH with a local .gguf file or model directory");
    }

    private Path modelPath(String repo, String commit, ModelFiles.Choice choice) {
        Path snapshot = cache.snapshot(repo, commit);
        return choice.gguf().map(snapshot::resolve).orElse(snapshot);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
