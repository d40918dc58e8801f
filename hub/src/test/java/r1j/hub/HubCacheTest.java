package r1j.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCacheTest {
    private static final String REPO = "test-org/tiny";
    private static final String COMMIT = "22290494e67d8e39cceadd9ee1a406136c1b24e3";

    @TempDir
    Path root;

    /** The link itself (not its target): inode and change time, which a re-created link does not keep. */
    private String identity(Path link) throws Exception {
        BasicFileAttributes a = Files.readAttributes(link, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.fileKey() + " " + a.lastModifiedTime().toInstant();
    }

    @Test
    void linking_a_file_already_linked_to_its_blob_leaves_the_link_in_place() throws Exception {
        HubCache cache = new HubCache(root);
        Files.createDirectories(cache.blob(REPO, "abc").getParent());
        Files.writeString(cache.blob(REPO, "abc"), "weights");
        cache.link(REPO, COMMIT, "model.gguf", "abc");
        Path link = cache.snapshot(REPO, COMMIT).resolve("model.gguf");
        String before = identity(link);
        Thread.sleep(20);                                  // a re-created link would carry a later time
        // A second puller that looked before the first linked: replacing the link would leave a moment without the
        // file for whoever already holds its path (ModelHubTest's concurrent pulls saw NoSuchFileException).
        cache.link(REPO, COMMIT, "model.gguf", "abc");
        assertThat(identity(link)).isEqualTo(before);
        assertThat(Files.readString(link)).isEqualTo("weights");
    }

    @Test
    void a_link_to_another_blob_is_replaced() throws Exception {
        HubCache cache = new HubCache(root);
        Files.createDirectories(cache.blob(REPO, "old").getParent());
        Files.writeString(cache.blob(REPO, "old"), "old");
        Files.writeString(cache.blob(REPO, "new"), "new");
        cache.link(REPO, COMMIT, "model.gguf", "old");
        cache.link(REPO, COMMIT, "model.gguf", "new");
        assertThat(Files.readString(cache.snapshot(REPO, COMMIT).resolve("model.gguf"))).isEqualTo("new");
    }
}
