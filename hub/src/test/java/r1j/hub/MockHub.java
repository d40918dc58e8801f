package r1j.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on loopback with the real URL layout ({@code /api/models/{repo}/revision/{rev}},
 * {@code /api/models/{repo}/tree/{rev}?recursive=true} with Link paging, {@code /{repo}/resolve/{rev}/{path}} with
 * Range support and the hub's headers) and faults to inject: a connection cut mid-file, a stall, slow headers,
 * corrupted bytes, a gated repository, LFS redirects to another host name. Every request is recorded.
 */
public final class MockHub implements AutoCloseable {
    /** One request as the hub saw it. */
    public record Request(String method, String path, String host, Optional<String> range, Optional<String> authorization) {
    }

    private static final Pattern API = Pattern.compile("/api/models/([^/]+/[^/]+)/(revision|tree)/([^/?]+)");
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern CDN = Pattern.compile("/cdn/([0-9a-f]{64})");

    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> cutOnce = new ConcurrentHashMap<>();
    private final Map<String, Long> stallOnce = new ConcurrentHashMap<>();
    private volatile Duration stallFor = Duration.ZERO;
    private volatile Duration slowHeaders = Duration.ZERO;
    private volatile boolean lfsToOtherHost;
    private volatile boolean ignoreRange;
    private final Map<String, Integer> failOnce = new ConcurrentHashMap<>();
    private volatile int pageSize = Integer.MAX_VALUE;

    private MockHub(HttpServer server) {
        this.server = server;
    }

    public static MockHub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        MockHub hub = new MockHub(server);
        server.createContext("/", hub::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return hub;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A new repository with a random commit; add files to it. */
    public Repo repo(String id) {
        Repo repo = new Repo(id);
        repos.put(id, repo);
        return repo;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> downloadsOf(String file) {
        return requests.stream().filter(r -> r.path().contains("/resolve/") && r.path().endsWith("/" + file)).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The next download of {@code file} closes the connection after {@code bytes} bytes of the body. */
    public void cutOnce(String file, long bytes) {
        cutOnce.put(file, bytes);
    }

    /** The next download of {@code file} stops sending for {@code pause} after {@code bytes} bytes. */
    public void stallOnce(String file, long bytes, Duration pause) {
        stallFor = pause;
        stallOnce.put(file, bytes);
    }

    /** Downloads answer a Range request with the whole file (200), as some mirrors and proxies do. */
    public void ignoreRange() {
        ignoreRange = true;
    }

    /** The next download of {@code file} answers with this HTTP status (e.g. 503) and no body. */
    public void failOnce(String file, int status) {
        failOnce.put(file, status);
    }

    /** Every answer waits this long before its headers. */
    public void slowHeaders(Duration delay) {
        slowHeaders = delay;
    }

    /** LFS downloads redirect to a "CDN": the same server under the name localhost (another host to the client). */
    public void redirectLfsToOtherHost() {
        lfsToOtherHost = true;
    }

    /** The tree answers in pages of this many entries, linked by {@code Link: rel="next"}. */
    public void pageSize(int entries) {
        pageSize = entries;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A repository: files in path order, LFS for weights, optionally gated or serving corrupted bytes. */
    public final class Repo {
        final String id;
        final String commit;
        final TreeMap<String, byte[]> files = new TreeMap<>();
        final Map<String, byte[]> served = new ConcurrentHashMap<>();
        volatile String token;

        Repo(String id) {
            this.id = id;
            byte[] c = new byte[20];
            ThreadLocalRandom.current().nextBytes(c);
            this.commit = HexFormat.of().formatHex(c);
        }

        public String commit() {
            return commit;
        }

        public Repo file(String path, byte[] content) {
            files.put(path, content);
            return this;
        }

        public Repo file(String path, Path source) {
            try {
                return file(path, Files.readAllBytes(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Only requests with {@code Authorization: Bearer token} may read it. */
        public Repo gated(String requiredToken) {
            token = requiredToken;
            return this;
        }

        /** Downloads of {@code path} get its bytes with one byte flipped (the tree keeps the true checksum). */
        public Repo corrupt(String path) {
            byte[] bad = files.get(path).clone();
            bad[bad.length / 2] ^= 0x5a;
            served.put(path, bad);
            return this;
        }

        boolean isLfs(String path) {
            return path.endsWith(".gguf") || path.endsWith(".safetensors");
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Host"),
                Optional.ofNullable(ex.getRequestHeaders().getFirst("Range")),
                Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"))));
        try (ex) {
            if (!slowHeaders.isZero()) Thread.sleep(slowHeaders);
            Matcher m;
            if ((m = API.matcher(path)).matches()) {
                Repo repo = allowed(ex, m.group(1));
                if (repo == null) return;
                if (m.group(2).equals("revision")) {
                    json(ex, 200, "{\"id\":\"" + repo.id + "\",\"sha\":\"" + repo.commit + "\",\"gated\":"
                            + (repo.token == null ? "false" : "\"manual\"") + ",\"siblings\":["
                            + String.join(",", repo.files.keySet().stream().map(f -> "{\"rfilename\":\"" + f + "\"}").toList())
                            + "]}");
                } else {
                    tree(ex, repo);
                }
            } else if ((m = RESOLVE.matcher(path)).matches()) {
                Repo repo = allowed(ex, m.group(1));
                if (repo == null) return;
                String file = m.group(3);
                byte[] content = repo.served.getOrDefault(file, repo.files.get(file));
                if (content == null || !(m.group(2).equals(repo.commit) || m.group(2).equals("main"))) {
                    ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                    json(ex, 404, "{\"error\":\"Entry not found\"}");
                    return;
                }
                Integer failure = failOnce.remove(file);
                if (failure != null) {
                    json(ex, failure, "{\"error\":\"busy\"}");
                    return;
                }
                ex.getResponseHeaders().add("X-Repo-Commit", repo.commit);
                ex.getResponseHeaders().add("ETag", "\"" + blobId(repo, file) + "\"");
                if (repo.isLfs(file)) ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(repo.files.get(file)) + "\"");
                if (repo.isLfs(file) && lfsToOtherHost) {
                    String cdn = "http://localhost:" + server.getAddress().getPort() + "/cdn/" + sha256(repo.files.get(file));
                    ex.getResponseHeaders().add("Location", cdn);
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                body(ex, file, content);
            } else if ((m = CDN.matcher(path)).matches()) {
                for (Repo repo : repos.values()) {
                    for (var e : repo.files.entrySet()) {
                        if (sha256(e.getValue()).equals(m.group(1))) {
                            body(ex, e.getKey(), repo.served.getOrDefault(e.getKey(), e.getValue()));
                            return;
                        }
                    }
                }
                json(ex, 404, "{\"error\":\"no such blob\"}");
            } else {
                json(ex, 404, "{\"error\":\"not found\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // A cut connection or a client that gave up: nothing to answer.
        }
    }

    private Repo allowed(HttpExchange ex, String id) throws IOException {
        Repo repo = repos.get(id);
        if (repo == null) {
            ex.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
            json(ex, 404, "{\"error\":\"Repository not found\"}");
            return null;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (repo.token != null && !("Bearer " + repo.token).equals(auth)) {
            ex.getResponseHeaders().add("X-Error-Code", "GatedRepo");
            ex.getResponseHeaders().add("X-Error-Message", "Access to model " + id + " is restricted.");
            json(ex, 401, "{\"error\":\"Access to model " + id + " is restricted.\"}");
            return null;
        }
        return repo;
    }

    private void tree(HttpExchange ex, Repo repo) throws IOException {
        String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
        Matcher c = Pattern.compile("cursor=(\\d+)").matcher(query);
        int from = c.find() ? Integer.parseInt(c.group(1)) : 0;
        List<String> paths = new ArrayList<>(repo.files.keySet());
        int to = (int) Math.min(paths.size(), (long) from + pageSize);
        List<String> entries = new ArrayList<>();
        for (String p : paths.subList(from, to)) {
            byte[] content = repo.files.get(p);
            String entry = "{\"type\":\"file\",\"oid\":\"" + gitBlobId(repo.isLfs(p) ? pointer(content) : content)
                    + "\",\"size\":" + content.length + ",\"path\":\"" + p + "\"";
            if (repo.isLfs(p)) {
                entry += ",\"lfs\":{\"oid\":\"" + sha256(content) + "\",\"size\":" + content.length + ",\"pointerSize\":"
                        + pointer(content).length + "}";
            }
            entries.add(entry + "}");
        }
        if (to < paths.size()) {
            ex.getResponseHeaders().add("Link", "<" + endpoint() + "/api/models/" + repo.id + "/tree/" + repo.commit
                    + "?recursive=true&cursor=" + to + ">; rel=\"next\"");
        }
        json(ex, 200, "[" + String.join(",", entries) + "]");
    }

    private void body(HttpExchange ex, String file, byte[] content) throws IOException, InterruptedException {
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        long from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && !ignoreRange) {
            Matcher r = Pattern.compile("bytes=(\\d+)-").matcher(range);
            if (r.matches()) from = Long.parseLong(r.group(1));
        }
        if (from > 0) {
            if (from >= content.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, content.length - from);
        } else {
            ex.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
        }
        OutputStream out = ex.getResponseBody();
        Long cut = cutOnce.remove(file);
        Long stall = stallOnce.remove(file);
        long pos = from;
        if (cut != null) {
            out.write(content, (int) pos, (int) Math.min(cut, content.length - pos));
            out.flush();
            // An exception out of the handler makes the JDK's server close the socket: the client sees EOF mid-body.
            throw new IllegalStateException("connection cut on purpose");
        }
        if (stall != null) {
            int n = (int) Math.min(stall, content.length - pos);
            out.write(content, (int) pos, n);
            out.flush();
            pos += n;
            Thread.sleep(stallFor);
        }
        out.write(content, (int) pos, (int) (content.length - pos));
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    static String blobId(Repo repo, String file) {
        byte[] content = repo.files.get(file);
        return repo.isLfs(file) ? sha256(content) : gitBlobId(content);
    }

    static String sha256(byte[] content) {
        return hex("SHA-256", new byte[0], content);
    }

    static String gitBlobId(byte[] content) {
        return hex("SHA-1", ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII), content);
    }

    private static byte[] pointer(byte[] content) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(content) + "\nsize " + content.length + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(String algorithm, byte[] prefix, byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(prefix);
            return HexFormat.of().formatHex(md.digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
