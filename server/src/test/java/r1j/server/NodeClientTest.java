package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm package, unchanged, against the real server: runs
 * {@code src/test/node/openai-client.mjs} with Node. {@code .ci/run} installs its {@code node_modules} first; on a
 * developer machine without them the test is skipped, in CI ({@code CI=true}) it fails instead.
 */
class NodeClientTest {
    private static final Path SCRIPT_DIR = Path.of("src/test/node");
    private static final String KEY = "node-key";

    @Test
    void the_official_openai_npm_client_chats_streams_completes_and_lists_models() throws Exception {
        String node = findNode();
        requireOrSkip(node != null, "node is not on the PATH");
        requireOrSkip(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/openai")),
                "the openai npm package is not installed: run `npm install` in server/src/test/node");

        try (TestServer server = TestServer.start(b -> b.apiKey(KEY))) {
            Path log = Files.createTempFile("r1j-openai-node", ".log");
            try {
                Process p = new ProcessBuilder(node, "openai-client.mjs", server.base() + "/v1", KEY, TestServer.MODEL)
                        .directory(SCRIPT_DIR.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("the Node client did not finish within 120 s:\n" + Files.readString(log));
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as("node openai-client.mjs said:\n%s", output).isZero();
                assertThat(output).contains("checks passed");
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    /** Skipped where Node is optional; in CI a missing install step must show as a failure. */
    private static void requireOrSkip(boolean condition, String why) {
        if (condition) return;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + " (CI=true: .ci/run must install it)");
        Assumptions.assumeTrue(false, why);
    }

    private static String findNode() throws IOException {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        return null;
    }
}
