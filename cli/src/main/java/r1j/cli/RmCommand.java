package r1j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import r1j.hub.DownloadProgress;
import r1j.hub.HubCache;
import r1j.hub.ModelReference;

/** {@code r1j rm ORG/NAME}: deletes a model's files from the Hugging Face cache. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove a model (every file and snapshot of ORG/NAME) from the Hugging Face cache.")
final class RmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ORG/NAME", description = "The repository to remove.")
    String model;

    @Override
    public Integer call() throws Exception {
        ModelReference ref = ModelReference.parse(model).orElseThrow(() ->
                new IllegalArgumentException("not a hub model (ORG/NAME): " + model));
        if (ref.tag().isPresent()) {
            throw new IllegalArgumentException("rm removes a whole repository: write " + ref.repo() + " (without :" + ref.tag().get() + ")");
        }
        HubCache cache = ModelSource.hub().cache();
        long bytes = cache.list().stream().filter(m -> m.repo().equals(ref.repo()))
                .mapToLong(m -> m.bytes() + m.partialBytes()).sum();
        if (!cache.remove(ref.repo())) {
            System.err.println("r1j: " + ref.repo() + " is not in " + cache.root());
            return 1;
        }
        System.out.println("removed " + ref.repo() + " (" + DownloadProgress.bytes(bytes) + ") from " + cache.root());
        return 0;
    }
}
