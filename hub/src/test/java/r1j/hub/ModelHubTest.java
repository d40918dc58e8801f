package r1j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a mock hub on loopback into a temporary Hugging Face cache. */
class ModelHubTest {
    private static final String GGUF_REPO = "test-org/tiny-qwen2-GGUF";
    private static final String Q8 = "tiny-qwen2-Q8_0.gguf";
    private static final String Q4KM = "tiny-qwen2-Q4_K_M.gguf";
    private static final String HF_REPO = "test-org/tiny-qwen2";

    @TempDir
    Path cacheDir;

    MockHub hub;
    MockHub.Repo ggufRepo;
    MockHub.Repo hfRepo;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void startHub() throws Exception {
        hub = MockHub.start();
        ggufRepo = hub.repo(GGUF_REPO).file("README.md", "# tiny\n".getBytes(StandardCharsets.UTF_8))
                .file(Q4KM, Fixtures.tiny(Q4KM)).file(Q8, Fixtures.tiny(Q8));
        hfRepo = hub.repo(HF_REPO);
        for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json",
                "tokenizer_config.json")) {
            hfRepo.file(f, Fixtures.tiny("hf/" + f));
        }
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private ModelHub modelHub() {
        return modelHub(settings(Optional.empty(), false, Duration.ofSeconds(5)));
    }

    private ModelHub modelHub(HubSettings settings) {
        return new ModelHub(settings, new PrintStream(progress, true, StandardCharsets.UTF_8), false);
    }

    private HubSettings settings(Optional<String> token, boolean offline, Duration readTimeout) {
        return new HubSettings(hub.endpoint(), cacheDir, token, offline, Duration.ofSeconds(2), readTimeout,
                ProxySelector.of(null));
    }

    private static ModelReference ref(String text) {
        return ModelReference.parse(text).orElseThrow();
    }

    @Test
    void a_quant_tag_pulls_that_gguf_file_into_the_hugging_face_cache_layout() throws Exception {
        PulledModel pulled = modelHub().pull(ref(GGUF_REPO + ":q8_0"));

        Path repoDir = cacheDir.resolve("models--test-org--tiny-qwen2-GGUF");
        Path snapshotFile = repoDir.resolve("snapshots").resolve(ggufRepo.commit()).resolve(Q8);
        assertThat(pulled.path()).isEqualTo(snapshotFile);
        assertThat(Files.isSymbolicLink(snapshotFile)).isTrue();
        String sha256 = MockHub.sha256(Files.readAllBytes(Fixtures.tiny(Q8)));
        assertThat(Files.readSymbolicLink(snapshotFile)).isEqualTo(Path.of("../../blobs/" + sha256));
        assertThat(Files.mismatch(snapshotFile, Fixtures.tiny(Q8))).isEqualTo(-1);
        assertThat(Files.readString(repoDir.resolve("refs/main"))).isEqualTo(ggufRepo.commit());
        assertThat(pulled.downloaded()).isEqualTo(Files.size(Fixtures.tiny(Q8)));
        assertThat(hub.downloadsOf(Q4KM)).isEmpty();
        assertThat(progress.toString()).contains("100% [").contains("/s").contains("done");
    }

    @Test
    void no_tag_on_a_gguf_only_repository_means_q4_k_m() throws Exception {
        assertThat(modelHub().resolve(ref(GGUF_REPO)).getFileName().toString()).isEqualTo(Q4KM);
    }

    @Test
    void a_safetensors_repository_gives_its_snapshot_directory_with_config_tokenizer_and_weights() throws Exception {
        hfRepo.file("README.md", "x".getBytes(StandardCharsets.UTF_8)).file("pytorch_model.bin", new byte[10]);
        PulledModel pulled = modelHub().pull(ref(HF_REPO));

        assertThat(pulled.path()).isEqualTo(cacheDir.resolve("models--test-org--tiny-qwen2/snapshots/" + hfRepo.commit()));
        assertThat(pulled.files()).containsExactly("config.json", "tokenizer.json", "generation_config.json",
                "tokenizer_config.json", "model.safetensors");
        for (String f : pulled.files()) {
            assertThat(Files.mismatch(pulled.path().resolve(f), Fixtures.tiny("hf/" + f))).as(f).isEqualTo(-1);
        }
        assertThat(hub.downloadsOf("pytorch_model.bin")).isEmpty();
        // Small files are named after their git blob id, as huggingface_hub names them (their ETag).
        assertThat(Files.readSymbolicLink(pulled.path().resolve("config.json")).toString())
                .isEqualTo("../../blobs/" + MockHub.gitBlobId(Files.readAllBytes(Fixtures.tiny("hf/config.json"))));
    }

    @Test
    void a_sharded_model_fetches_the_shards_its_index_names_and_pages_of_the_tree_are_followed() throws Exception {
        MockHub.Repo sharded = hub.repo("test-org/sharded").file("config.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("model.safetensors.index.json", ("{\"metadata\":{},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\","
                        + "\"b\":\"model-00002-of-00002.safetensors\",\"c\":\"model-00001-of-00002.safetensors\"}}")
                        .getBytes(StandardCharsets.UTF_8))
                .file("model-00001-of-00002.safetensors", new byte[1000]).file("model-00002-of-00002.safetensors", new byte[2000])
                .file("model-00001-of-00009.safetensors", new byte[5]);   // a stale shard the index does not name
        hub.pageSize(2);
        PulledModel pulled = modelHub().pull(ref("test-org/sharded"));

        assertThat(pulled.files()).containsExactly("config.json", "tokenizer.json", "model.safetensors.index.json",
                "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
        assertThat(Files.size(pulled.path().resolve("model-00002-of-00002.safetensors"))).isEqualTo(2000);
        assertThat(hub.downloadsOf("model-00001-of-00009.safetensors")).isEmpty();
        assertThat(hub.requests().stream().filter(r -> r.path().contains("/tree/")).count()).isEqualTo(3);
        assertThat(sharded.commit()).isEqualTo(pulled.commit());
    }

    @Test
    void a_connection_cut_mid_file_resumes_with_a_range_request() throws Exception {
        hub.cutOnce(Q8, 1_000_000);
        long start = System.nanoTime();
        Path file = modelHub().resolve(ref(GGUF_REPO + ":Q8_0"));

        // Seen as a cut at once, not waited out as a stall (the read timeout here is 5 s).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(Files.mismatch(file, Fixtures.tiny(Q8))).isEqualTo(-1);
        List<MockHub.Request> gets = hub.downloadsOf(Q8);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).range()).isEmpty();
        assertThat(gets.get(1).range()).hasValueSatisfying(r -> assertThat(r).matches("bytes=[1-9]\\d*-"));
        assertOnlyFinishedBlobs();
    }

    @Test
    void an_incomplete_file_from_an_interrupted_run_is_resumed_not_fetched_again() throws Exception {
        byte[] content = Files.readAllBytes(Fixtures.tiny(Q8));
        Path part = cacheDir.resolve("models--test-org--tiny-qwen2-GGUF/blobs/" + MockHub.sha256(content) + ".incomplete");
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(content, 3_000_000));

        PulledModel pulled = modelHub().pull(ref(GGUF_REPO + ":Q8_0"));

        assertThat(Files.mismatch(pulled.path(), Fixtures.tiny(Q8))).isEqualTo(-1);
        assertThat(hub.downloadsOf(Q8)).singleElement().satisfies(r -> assertThat(r.range()).contains("bytes=3000000-"));
        assertThat(pulled.downloaded()).isEqualTo(content.length - 3_000_000L);
        assertThat(progress.toString()).contains("resuming after 2.9 MiB");
        assertOnlyFinishedBlobs();
    }

    @Test
    void concurrent_pulls_of_one_model_download_it_once() throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
            List<java.util.concurrent.Future<Path>> pulls = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) pulls.add(pool.submit(() -> modelHub().resolve(ref(GGUF_REPO + ":Q8_0"))));
            for (var pull : pulls) assertThat(Files.mismatch(pull.get(), Fixtures.tiny(Q8))).isEqualTo(-1);
        }
        assertThat(hub.downloadsOf(Q8)).hasSize(1);
    }

    @Test
    void a_server_that_ignores_range_sends_the_file_again_and_the_bar_never_moves_back() throws Exception {
        hub.cutOnce(Q8, 2_000_000);
        hub.ignoreRange();
        hub.failOnce(Q4KM, 503);
        Path file = modelHub().resolve(ref(GGUF_REPO + ":Q8_0"));

        assertThat(Files.mismatch(file, Fixtures.tiny(Q8))).isEqualTo(-1);
        assertThat(hub.downloadsOf(Q8)).hasSize(2);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*(\\d+)%").matcher(progress.toString());
        List<Integer> percents = new java.util.ArrayList<>();
        while (m.find()) percents.add(Integer.parseInt(m.group(1)));
        assertThat(percents).isSorted().endsWith(100);

        Path q4 = modelHub().resolve(ref(GGUF_REPO));      // a 503 is retried
        assertThat(Files.mismatch(q4, Fixtures.tiny(Q4KM))).isEqualTo(-1);
        assertThat(hub.downloadsOf(Q4KM)).hasSize(2);
    }

    @Test
    void a_corrupted_download_fails_the_sha256_check_and_leaves_nothing_in_the_cache() throws Exception {
        ggufRepo.corrupt(Q8);
        assertThatThrownBy(() -> modelHub().pull(ref(GGUF_REPO + ":Q8_0")))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("sha256 mismatch for " + Q8)
                .hasMessageContaining("expected " + MockHub.sha256(Files.readAllBytes(Fixtures.tiny(Q8))));
        Path repoDir = cacheDir.resolve("models--test-org--tiny-qwen2-GGUF");
        try (var files = Files.list(repoDir.resolve("blobs"))) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(repoDir.resolve("snapshots/" + ggufRepo.commit() + "/" + Q8)).doesNotExist();
    }

    @Test
    void a_gated_model_needs_the_token_which_never_leaves_the_hub_host() throws Exception {
        ggufRepo.gated("hf_secret");
        hub.redirectLfsToOtherHost();
        assertThatThrownBy(() -> modelHub().pull(ref(GGUF_REPO + ":Q8_0")))
                .hasMessageContaining(GGUF_REPO + " is gated or private and no token was given")
                .hasMessageContaining("HF_TOKEN");
        assertThatThrownBy(() -> modelHub(settings(Optional.of("hf_wrong"), false, Duration.ofSeconds(5)))
                .pull(ref(GGUF_REPO + ":Q8_0"))).hasMessageContaining("the token (HF_TOKEN) was refused");

        Path file = modelHub(settings(Optional.of("hf_secret"), false, Duration.ofSeconds(5))).resolve(ref(GGUF_REPO + ":Q8_0"));

        assertThat(Files.mismatch(file, Fixtures.tiny(Q8))).isEqualTo(-1);
        List<MockHub.Request> cdn = hub.requests().stream().filter(r -> r.path().startsWith("/cdn/")).toList();
        assertThat(cdn).singleElement().satisfies(r -> {
            assertThat(r.host()).startsWith("localhost:");
            assertThat(r.authorization()).isEmpty();
        });
        assertThat(hub.downloadsOf(Q8).getLast().authorization()).contains("Bearer hf_secret");
    }

    @Test
    void unknown_repositories_and_tags_are_named_in_the_error() {
        assertThatThrownBy(() -> modelHub().pull(ref("test-org/missing")))
                .hasMessage("test-org/missing was not found on " + hub.endpoint() + " (check the name; if it is private, set HF_TOKEN)");
        assertThatThrownBy(() -> modelHub().pull(ref(GGUF_REPO + ":Q3_K_S")))
                .hasMessage("no GGUF file in " + GGUF_REPO + " matches 'Q3_K_S'; available: " + Q4KM + ", " + Q8);
    }

    @Test
    void a_stalled_body_is_cut_after_the_read_timeout_and_resumed() throws Exception {
        hub.stallOnce(Q8, 500_000, Duration.ofSeconds(3));
        long start = System.nanoTime();
        Path file = modelHub(settings(Optional.empty(), false, Duration.ofMillis(400))).resolve(ref(GGUF_REPO + ":Q8_0"));

        assertThat(Files.mismatch(file, Fixtures.tiny(Q8))).isEqualTo(-1);
        assertThat(hub.downloadsOf(Q8)).hasSize(2);
        assertThat(hub.downloadsOf(Q8).get(1).range()).contains("bytes=500000-");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_hub_that_never_answers_times_out_and_an_uncached_model_fails_in_one_line() {
        hub.slowHeaders(Duration.ofSeconds(5));
        long start = System.nanoTime();
        assertThatThrownBy(() -> modelHub(settings(Optional.empty(), false, Duration.ofMillis(300))).pull(ref(GGUF_REPO + ":Q8_0")))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("cannot reach " + hub.endpoint())
                .hasMessageContaining("--model PATH")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_second_pull_downloads_nothing_and_offline_use_makes_no_request() throws Exception {
        Path first = modelHub().resolve(ref(GGUF_REPO + ":Q8_0"));
        hub.clearRequests();

        PulledModel again = modelHub().pull(ref(GGUF_REPO + ":Q8_0"));
        assertThat(again.path()).isEqualTo(first);
        assertThat(again.downloaded()).isZero();
        assertThat(hub.requests()).noneMatch(r -> r.path().contains("/resolve/"));

        hub.clearRequests();
        PulledModel offline = modelHub(settings(Optional.empty(), true, Duration.ofSeconds(5))).pull(ref(GGUF_REPO + ":q8_0"));
        assertThat(offline.path()).isEqualTo(first);
        assertThat(offline.fromCache()).isTrue();
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void offline_without_the_model_names_the_missing_file_and_the_way_out() throws Exception {
        modelHub().resolve(ref(HF_REPO));
        Path snapshot = cacheDir.resolve("models--test-org--tiny-qwen2/snapshots/" + hfRepo.commit());
        Files.delete(snapshot.resolve("tokenizer.json"));
        hub.clearRequests();

        assertThatThrownBy(() -> modelHub(settings(Optional.empty(), true, Duration.ofSeconds(5))).resolve(ref(HF_REPO)))
                .hasMessage(HF_REPO + " is not in the Hugging Face cache (missing " + snapshot.resolve("tokenizer.json")
                        + ") and HF_HUB_OFFLINE is set: pull it while online (r1j pull " + HF_REPO
                        + "), or pass --model PATH with a local .gguf file or model directory");
        assertThatThrownBy(() -> modelHub(settings(Optional.empty(), true, Duration.ofSeconds(5))).resolve(ref("a/b:Q8_0")))
                .hasMessageStartingWith("a/b:Q8_0 is not in the Hugging Face cache (no snapshot of a/b in ");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void an_unreachable_hub_falls_back_to_the_cached_snapshot() throws Exception {
        Path first = modelHub().resolve(ref(GGUF_REPO + ":Q8_0"));
        HubSettings closedPort = new HubSettings(URI.create("http://127.0.0.1:9"), cacheDir, Optional.empty(), false,
                Duration.ofSeconds(1), Duration.ofSeconds(1), ProxySelector.of(null));
        PulledModel pulled = modelHub(closedPort).pull(ref(GGUF_REPO + ":Q8_0"));
        assertThat(pulled.path()).isEqualTo(first);
        assertThat(pulled.fromCache()).isTrue();
    }

    @Test
    void blobs_fetched_by_huggingface_hub_are_linked_not_downloaded_again() throws Exception {
        // huggingface_hub leaves blobs named by sha256 (and refs/snapshots for its own commit).
        byte[] q8 = Files.readAllBytes(Fixtures.tiny(Q8));
        Path blob = cacheDir.resolve("models--test-org--tiny-qwen2-GGUF/blobs/" + MockHub.sha256(q8));
        Files.createDirectories(blob.getParent());
        Files.write(blob, q8);

        PulledModel pulled = modelHub().pull(ref(GGUF_REPO + ":Q8_0"));

        assertThat(pulled.downloaded()).isZero();
        assertThat(hub.downloadsOf(Q8)).isEmpty();
        assertThat(Files.mismatch(pulled.path(), Fixtures.tiny(Q8))).isEqualTo(-1);
    }

    @Test
    void list_reports_cached_models_with_sizes_and_rm_deletes_one() throws Exception {
        modelHub().resolve(ref(GGUF_REPO + ":Q8_0"));
        modelHub().resolve(ref(HF_REPO));
        HubCache cache = new HubCache(cacheDir);

        List<CachedModel> models = cache.list();
        assertThat(models).extracting(CachedModel::repo).containsExactly(HF_REPO, GGUF_REPO);
        assertThat(models.get(1).bytes()).isEqualTo(Files.size(Fixtures.tiny(Q8)));
        assertThat(models.get(1).files()).containsExactly(Q8);
        assertThat(models.get(1).commit()).contains(ggufRepo.commit());

        assertThat(cache.remove(GGUF_REPO)).isTrue();
        assertThat(cache.list()).extracting(CachedModel::repo).containsExactly(HF_REPO);
        assertThat(cache.remove(GGUF_REPO)).isFalse();
    }

    @Test
    void settings_come_from_the_same_environment_variables_huggingface_hub_reads() throws Exception {
        Path home = cacheDir.resolve("home");
        Files.createDirectories(home.resolve(".cache/huggingface"));
        Files.writeString(home.resolve(".cache/huggingface/token"), "hf_fromfile\n");
        HubSettings defaults = HubSettings.fromEnvironment(Map.of(), home);
        assertThat(defaults.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(defaults.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(defaults.token()).contains("hf_fromfile");
        assertThat(defaults.offline()).isFalse();

        HubSettings env = HubSettings.fromEnvironment(Map.of("HF_HOME", "/data/hf", "HF_TOKEN", "hf_env",
                "HF_ENDPOINT", "https://hf-mirror.com/", "HF_HUB_OFFLINE", "1"), home);
        assertThat(env.cacheDir()).isEqualTo(Path.of("/data/hf/hub"));
        assertThat(env.token()).contains("hf_env");
        assertThat(env.endpoint()).isEqualTo(URI.create("https://hf-mirror.com"));
        assertThat(env.offline()).isTrue();
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", "/a", "HF_HUB_CACHE", "/b"), home).cacheDir())
                .isEqualTo(Path.of("/b"));
    }

    @Test
    void proxies_come_from_the_environment_except_no_proxy_hosts() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of("HTTPS_PROXY", "http://proxy.corp:3128",
                "no_proxy", "localhost,.internal.corp, mirror.example:8080"));
        assertThat(proxies.select(URI.create("https://huggingface.co/api")).getFirst().address().toString())
                .contains("proxy.corp").contains("3128");
        assertThat(proxies.bypassed("localhost")).isTrue();
        assertThat(proxies.bypassed("hub.internal.corp")).isTrue();
        assertThat(proxies.bypassed("mirror.example")).isTrue();
        assertThat(proxies.bypassed("huggingface.co")).isFalse();
        assertThat(proxies.select(URI.create("http://plain.example/"))).containsExactly(java.net.Proxy.NO_PROXY);
    }

    @Test
    void requests_go_through_the_proxy_the_environment_names_unless_no_proxy_lists_the_host() throws Exception {
        // Nothing listens at the hub's address: only the proxy (the mock, which also answers absolute-form requests)
        // gets the requests through.
        URI unresolvable = URI.create("http://localhost:1");
        String proxy = "http://127.0.0.1:" + hub.endpoint().getPort();
        HubSettings viaProxy = new HubSettings(unresolvable, cacheDir, Optional.empty(), false, Duration.ofSeconds(2),
                Duration.ofSeconds(5), EnvironmentProxies.from(Map.of("http_proxy", proxy)));
        Path file = modelHub(viaProxy).resolve(ref(GGUF_REPO + ":Q8_0"));
        assertThat(Files.mismatch(file, Fixtures.tiny(Q8))).isEqualTo(-1);
        assertThat(hub.downloadsOf(Q8)).singleElement().satisfies(r -> assertThat(r.host()).isEqualTo("localhost:1"));

        HubSettings bypassed = new HubSettings(unresolvable, cacheDir.resolve("other"), Optional.empty(), false,
                Duration.ofSeconds(2), Duration.ofSeconds(5),
                EnvironmentProxies.from(Map.of("http_proxy", proxy, "NO_PROXY", "localhost")));
        assertThatThrownBy(() -> modelHub(bypassed).resolve(ref(GGUF_REPO + ":Q8_0")))
                .hasMessageContaining("cannot reach " + unresolvable);
        assertThat(hub.downloadsOf(Q8)).hasSize(1);
    }

    private void assertOnlyFinishedBlobs() throws Exception {
        try (var files = Files.list(cacheDir.resolve("models--test-org--tiny-qwen2-GGUF/blobs"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.endsWith(".incomplete"));
        }
    }
}
