package r1j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import r1j.hub.CachedModel;
import r1j.hub.DownloadProgress;
import r1j.hub.HubCache;

/** {@code r1j list}: the models in the Hugging Face cache, with their size on disk. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the models in the Hugging Face cache (HF_HOME / HF_HUB_CACHE) with their size on disk.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        HubCache cache = ModelSource.hub().cache();
        List<CachedModel> models = cache.list();
        if (models.isEmpty()) {
            System.out.println("no models in " + cache.root());
            return 0;
        }
        int width = Math.max(10, models.stream().mapToInt(m -> m.repo().length()).max().orElse(10));
        System.out.printf("%-" + width + "s  %10s  %s%n", "MODEL", "SIZE", "FILES");
        long total = 0;
        for (CachedModel m : models) {
            total += m.bytes() + m.partialBytes();
            String files = m.files().isEmpty() ? "(no complete snapshot)" : String.join(", ", m.files());
            String partial = m.partialBytes() > 0 ? "  + " + DownloadProgress.bytes(m.partialBytes()) + " unfinished" : "";
            System.out.printf("%-" + width + "s  %10s  %s%s%n", m.repo(), DownloadProgress.bytes(m.bytes()), files, partial);
        }
        System.out.printf("%d model%s, %s in %s%n", models.size(), models.size() == 1 ? "" : "s",
                DownloadProgress.bytes(total), cache.root());
        return 0;
    }
}
