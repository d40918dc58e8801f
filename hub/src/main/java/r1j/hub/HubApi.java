package r1j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three hub calls r1j makes, with the URL layout of huggingface.co and its mirrors:
 * <ul>
 *   <li>{@code GET /api/models/{repo}/revision/{rev}}: the model info, whose {@code sha} is the commit a branch
 *       points to;</li>
 *   <li>{@code GET /api/models/{repo}/tree/{commit}?recursive=true}: every file with its size, git blob id
 *       ({@code oid}) and, for LFS files, {@code lfs.oid} (the sha256) — pages follow the {@code Link: rel="next"}
 *       header;</li>
 *   <li>{@code GET /{repo}/resolve/{commit}/{path}}: the file's bytes (LFS files redirect to a CDN).</li>
 * </ul>
 * The token goes only to the endpoint's own host: a redirect to another host (the CDN) is followed without it,
 * as huggingface_hub does. HTTP status codes become {@link HubException}s that say what to do.
 */
final class HubApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_REDIRECTS = 5;

    private final HubSettings settings;
    private final HttpClient client;

    HubApi(HubSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)   // followed by hand, to drop the token off-host
                .proxy(settings.proxies())
                .build();
    }

    URI endpoint() {
        return settings.endpoint();
    }

    /** The commit {@code revision} (a branch, tag or commit) stands for. */
    String commitOf(String repo, String revision) throws IOException {
        JsonNode info = getJson(repo, api(repo, "revision/" + encode(revision)), "model info");
        String sha = info.path("sha").asText("");
        if (!sha.matches("[0-9a-f]{40}")) throw new HubException(endpoint() + " sent no commit for " + repo + "@" + revision);
        return sha;
    }

    /** Every file of the repository at {@code commit}. */
    List<RepoFile> files(String repo, String commit) throws IOException {
        List<RepoFile> files = new ArrayList<>();
        URI next = api(repo, "tree/" + commit + "?recursive=true");
        while (next != null) {
            HttpResponse<String> r = send(next, repo, "file list", HttpResponse.BodyHandlers.ofString());
            JsonNode page = parse(r.body(), "file list of " + repo);
            if (!page.isArray()) throw new HubException("the file list of " + repo + " is not a JSON array");
            for (JsonNode entry : page) {
                if (!"file".equals(entry.path("type").asText())) continue;
                String path = entry.path("path").asText();
                if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                    throw new HubException("the file list of " + repo + " names an unsafe path: " + path);
                }
                JsonNode lfs = entry.path("lfs");
                Optional<String> sha256 = lfs.isObject() ? Optional.of(lfs.path("oid").asText()) : Optional.empty();
                String blobId = sha256.orElse(entry.path("oid").asText());
                if (!blobId.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
                    throw new HubException("the file list of " + repo + " gives " + path + " no usable id: " + blobId);
                }
                files.add(new RepoFile(path, entry.path("size").asLong(), blobId, sha256));
            }
            next = r.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
                    .map(m -> r.uri().resolve(m.group(1))).orElse(null);
        }
        return files;
    }

    /** The resolve URL of a file at a commit. */
    URI resolveUrl(String repo, String commit, String path) {
        StringBuilder p = new StringBuilder();
        for (String segment : path.split("/")) p.append('/').append(encode(segment));
        return URI.create(endpoint() + "/" + repo + "/resolve/" + commit + p);
    }

    /**
     * Starts a GET of {@code url}, following redirects, and returns the response once its headers are in; the body
     * goes to whatever {@code handler} makes of it. Status codes are checked by the caller.
     */
    <T> CompletableFuture<HttpResponse<T>> start(URI url, Optional<String> range, HttpResponse.BodyHandler<T> handler,
                                                 HttpResponse.BodyHandler<T> discard) {
        return startFollowing(url, range, handler, discard, 0);
    }

    private <T> CompletableFuture<HttpResponse<T>> startFollowing(URI url, Optional<String> range,
            HttpResponse.BodyHandler<T> handler, HttpResponse.BodyHandler<T> discard, int hops) {
        HttpRequest.Builder b = request(url);
        range.ifPresent(r -> b.header("Range", r));
        HttpResponse.BodyHandler<T> choose = info -> info.statusCode() / 100 == 2 ? handler.apply(info) : discard.apply(info);
        return client.sendAsync(b.build(), choose).thenCompose(r -> {
            Optional<String> location = r.headers().firstValue("Location");
            if (r.statusCode() / 100 == 3 && location.isPresent()) {
                if (hops >= MAX_REDIRECTS) return CompletableFuture.failedFuture(new HubException("too many redirects from " + url));
                return startFollowing(url.resolve(location.get()), range, handler, discard, hops + 1);
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).GET()
                .header("User-Agent", "r1j/0.1.0; hf_hub-compatible")
                .header("Accept-Encoding", "identity");   // sizes and checksums are of the raw bytes
        if (settings.token().isPresent() && sameHost(url, endpoint())) {
            b.header("Authorization", "Bearer " + settings.token().get());
        }
        return b;
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private JsonNode getJson(String repo, URI url, String what) throws IOException {
        return parse(send(url, repo, what, HttpResponse.BodyHandlers.ofString()).body(), what + " of " + repo);
    }

    /** A small GET whose whole exchange must finish within the read timeout; non-2xx becomes a HubException. */
    private HttpResponse<String> send(URI url, String repo, String what, HttpResponse.BodyHandler<String> handler)
            throws IOException {
        CompletableFuture<HttpResponse<String>> f = start(url, Optional.empty(), handler, handler);
        HttpResponse<String> r = await(f, url);
        if (r.statusCode() / 100 != 2) throw statusError(r.statusCode(), r.headers(), repo, what, r.body());
        return r;
    }

    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f, URI url) throws IOException {
        try {
            return f.get(settings.readTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException("no answer from " + url.getHost() + " within "
                    + settings.readTimeout().toSeconds() * 3 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    static IOException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }

    /** What a failed status means for the user, in one line. */
    HubException statusError(int status, HttpHeaders headers, String repo, String what, String body) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String message = headers.firstValue("X-Error-Message").orElseGet(() -> errorText(body));
        boolean hasToken = settings.token().isPresent();
        return switch (status) {
            case 401 -> new HubException(code.equals("RepoNotFound") && !hasToken
                    ? repo + " was not found on " + endpoint() + " (or it is private: set HF_TOKEN)"
                    : repo + " is gated or private and " + (hasToken ? "the token (HF_TOKEN) was refused" : "no token was given")
                      + ": accept its terms on its page, then set HF_TOKEN or run `huggingface-cli login`");
            case 403 -> new HubException("the token has no access to " + repo + (message.isEmpty() ? "" : " (" + message + ")")
                    + ": request access on its page at " + endpoint() + "/" + repo);
            case 404 -> new HubException(code.equals("EntryNotFound") || what.startsWith("file ")
                    ? what + " not found in " + repo + " on " + endpoint()
                    : code.equals("RevisionNotFound") ? "revision not found in " + repo + (message.isEmpty() ? "" : ": " + message)
                    : repo + " was not found on " + endpoint() + " (check the name" + (hasToken ? ")" : "; if it is private, set HF_TOKEN)"));
            case 429 -> new HubException(endpoint() + " is rate-limiting requests for " + what + " of " + repo + "; try again later");
            default -> new HubException(endpoint() + " answered HTTP " + status + " for " + what + " of " + repo
                    + (message.isEmpty() ? "" : ": " + message));
        };
    }

    private static String errorText(String body) {
        if (body == null || body.isBlank()) return "";
        try {
            return JSON.readTree(body).path("error").asText("");
        } catch (IOException notJson) {
            return "";
        }
    }

    private URI api(String repo, String rest) {
        return URI.create(endpoint() + "/api/models/" + repo + "/" + rest);
    }

    private static JsonNode parse(String body, String what) throws HubException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new HubException("the " + what + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
