package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.hub.Fixtures;

/**
 * The container's scripts without a container: docker/entrypoint.sh runs the packaged jar and its lib/ laid out
 * as the image lays them out (/app/r1j.jar, /app/lib), with the image's environment (HF_HOME, R1J_DATA_DIR,
 * R1J_PORT, R1J_JAVA_OPTS) pointed at temporary directories, and docker/healthcheck.sh is the HEALTHCHECK.
 * What this cannot show: the image build itself, the base images, the non-root user and the memory limit.
 */
class ContainerEntrypointIT {
    @TempDir
    Path dir;

    @Test
    void the_entrypoint_serves_the_tiny_model_healthcheck_passes_and_sigterm_stops_it() throws Exception {
        Path repo = repositoryRoot();
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.copy(repo.resolve("cli/target/r1j-cli-0.1.0-SNAPSHOT.jar"), app.resolve("r1j.jar"));
        Path lib = Files.createDirectories(app.resolve("lib"));
        try (var jars = Files.list(repo.resolve("cli/target/lib"))) {
            for (Path jar : jars.toList()) Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        Map<String, String> env = Map.of("R1J_APP", app.toString(), "R1J_DATA_DIR", data.toString(),
                "HF_HOME", data.resolve("hf").toString(), "HF_HUB_OFFLINE", "1", "R1J_PORT", String.valueOf(port),
                "R1J_JAVA_OPTS", "-XX:MaxRAMPercentage=50",
                "R1J_MODEL", Fixtures.tiny("tiny-qwen2-Q8_0.gguf").toString(),
                "JAVA_HOME", Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString());

        assertThat(healthcheck(repo, env)).as("nothing listens yet").isNotZero();

        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("docker/entrypoint.sh").toString(),
                "serve", "--host", "127.0.0.1", "--threads", "2", "--max-model-len", "512", "--no-warmup")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().putAll(env);
        Process server = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int health = 1;
            while (health != 0 && server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                health = healthcheck(repo, env);
            }
            String log = Files.readString(dir.resolve("server.log"));
            assertThat(health).as(log).isZero();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            // The entrypoint put the store on the data volume and the model from R1J_MODEL.
            assertThat(data.resolve("conversations.db")).exists();
            assertThat(log).contains("serving tiny-qwen2-Q8_0").contains("conversations stored in " + data.resolve("conversations.db"));

            // `docker stop` sends SIGTERM to PID 1: exec made that the JVM, whose shutdown hook ends the server.
            server.toHandle().destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    private static int healthcheck(Path repo, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", repo.resolve("docker/healthcheck.sh").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker/entrypoint.sh"))) return d;
        }
        throw new IllegalStateException("docker/entrypoint.sh not found above " + Path.of("").toAbsolutePath());
    }
}
