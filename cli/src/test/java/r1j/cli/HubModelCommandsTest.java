package r1j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import r1j.hub.Fixtures;
import r1j.hub.MockHub;

/**
 * The r1j commands against a mock hub on loopback, each in its own JVM with the environment a user would set
 * (HF_ENDPOINT, HF_HOME, HF_HUB_OFFLINE): generate and serve with an ORG/NAME:QUANT reference pull on first use,
 * run from the cache after, and never touch the hub for a local path.
 */
class HubModelCommandsTest {
    private static final String REPO = "test-org/tiny-qwen2-GGUF";
    private static final Pattern SERVING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/v1");

    @TempDir
    Path hfHome;

    MockHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = MockHub.start();
        hub.repo(REPO).file("tiny-qwen2-Q4_K_M.gguf", Fixtures.tiny("tiny-qwen2-Q4_K_M.gguf"))
                .file("tiny-qwen2-Q8_0.gguf", Fixtures.tiny("tiny-qwen2-Q8_0.gguf"));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void generate_pulls_an_org_name_quant_reference_on_first_use_and_runs_from_the_cache_after() throws Exception {
        Run first = r1j(Map.of(), "generate", "--model", REPO + ":Q8_0", "--prompt", "Hello", "--max-tokens", "4",
                "--temperature", "0", "--threads", "2");
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("r1j: downloading tiny-qwen2-Q8_0.gguf").contains("100% [")
                .contains("4 generated");
        assertThat(hub.downloadsOf("tiny-qwen2-Q8_0.gguf")).hasSize(1);
        assertThat(hub.downloadsOf("tiny-qwen2-Q4_K_M.gguf")).isEmpty();

        hub.clearRequests();
        Run offline = r1j(Map.of("HF_HUB_OFFLINE", "1"), "generate", "--model", REPO + ":q8_0", "--prompt", "Hello",
                "--max-tokens", "4", "--temperature", "0", "--threads", "2");
        assertThat(offline.exit).as(offline.output).isZero();
        assertThat(offline.output).contains("(from the cache, hub not asked)");
        assertThat(hub.requests()).isEmpty();
        // Same greedy text from the same file.
        assertThat(generated(offline.output)).isEqualTo(generated(first.output));

        // eval serves a hub model locally the same way.
        Run eval = r1j(Map.of("HF_HUB_OFFLINE", "1"), "eval", "--dataset", "gen:arith?n=1&seed=5", "--model", REPO + ":Q8_0",
                "--n", "1", "--max-tokens", "4", "--threads", "2", "--max-model-len", "512",
                "--output", hfHome.resolve("eval-run").toString());
        assertThat(eval.exit).as(eval.output).isZero();
        assertThat(hfHome.resolve("eval-run/samples.jsonl")).exists();
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void serve_with_a_hub_reference_answers_health_and_chat() throws Exception {
        List<String> command = command("serve", "--model", REPO + ":Q8_0", "--host", "127.0.0.1", "--port", "0",
                "--threads", "2", "--max-model-len", "512", "--no-warmup", "--no-conversations");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        environment(pb, Map.of());
        Process p = pb.start();
        try {
            StringBuilder log = new StringBuilder();
            String base = null;
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; base == null && (line = in.readLine()) != null; ) {
                log.append(line).append('\n');
                Matcher m = SERVING.matcher(line);
                if (m.find()) base = "http://127.0.0.1:" + m.group(1);
            }
            assertThat(base).as(log.toString()).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                            + "\"max_tokens\":4}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(chat.body()).contains("\"completion_tokens\":4");
            assertThat(hub.downloadsOf("tiny-qwen2-Q8_0.gguf")).hasSize(1);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pull_list_and_rm_manage_the_cache() throws Exception {
        Run pull = r1j(Map.of(), "pull", REPO);     // no tag, GGUF-only repository: Q4_K_M
        assertThat(pull.exit).as(pull.output).isZero();
        Path file = hfHome.resolve("hub/models--test-org--tiny-qwen2-GGUF/snapshots/" + hub.requests().stream()
                .filter(r -> r.path().contains("/resolve/")).findFirst().orElseThrow().path().split("/")[4]
                + "/tiny-qwen2-Q4_K_M.gguf");
        assertThat(pull.output).contains(file.toString()).contains("4.0 MiB downloaded");

        Run again = r1j(Map.of(), "pull", REPO);
        assertThat(again.output).contains("already cached");

        Run list = r1j(Map.of(), "list");
        assertThat(list.output).contains(REPO).contains("4.0 MiB").contains("tiny-qwen2-Q4_K_M.gguf");

        Run rm = r1j(Map.of(), "rm", REPO);
        assertThat(rm.exit).isZero();
        assertThat(rm.output).contains("removed " + REPO + " (4.0 MiB)");
        assertThat(hfHome.resolve("hub/models--test-org--tiny-qwen2-GGUF")).doesNotExist();
    }

    @Test
    void offline_without_a_cached_model_fails_in_one_line_and_a_local_path_never_asks_the_hub() throws Exception {
        Run missing = r1j(Map.of("HF_HUB_OFFLINE", "1"), "serve", "--port", "0");   // the default model
        assertThat(missing.exit).isEqualTo(1);
        List<String> lines = missing.output.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertThat(lines).singleElement().asString()
                .startsWith("r1j: " + ModelSource.DEFAULT_MODEL + " is not in the Hugging Face cache")
                .contains("--model PATH");

        Run local = r1j(Map.of(), "generate", "--model", Fixtures.tiny("tiny-qwen2-Q8_0.gguf").toString(),
                "--prompt", "Hello", "--max-tokens", "2", "--threads", "2");
        assertThat(local.exit).as(local.output).isZero();
        Run typo = r1j(Map.of(), "generate", "--model", "models/nothing-here.gguf", "--prompt", "Hello");
        assertThat(typo.output).contains("r1j: model not found: models/nothing-here.gguf (no such file or directory");
        assertThat(hub.requests()).isEmpty();
    }

    private static String generated(String output) {
        return output.lines().filter(l -> !l.startsWith("r1j:") && !l.startsWith("[") && !l.contains("%"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private record Run(int exit, String output) {
    }

    private Run r1j(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        environment(pb, env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private void environment(ProcessBuilder pb, Map<String, String> extra) {
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGING") || k.equalsIgnoreCase("https_proxy")
                || k.equalsIgnoreCase("http_proxy"));
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        env.put("HF_HOME", hfHome.toString());
        env.putAll(extra);
    }

    private static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
