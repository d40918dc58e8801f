package r1j.hub;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the hub is and how to reach it, read from the same environment variables huggingface_hub reads, so one
 * setting serves both: {@code HF_ENDPOINT} (a mirror), {@code HF_HOME} / {@code HF_HUB_CACHE} (the cache),
 * {@code HF_TOKEN} or the token file {@code huggingface-cli login} writes, {@code HF_HUB_OFFLINE}, the timeouts
 * {@code HF_HUB_ETAG_TIMEOUT} / {@code HF_HUB_DOWNLOAD_TIMEOUT}, and the proxy variables.
 *
 * @param readTimeout the longest wait for response headers or for the next bytes of a body
 */
public record HubSettings(URI endpoint, Path cacheDir, Optional<String> token, boolean offline,
                          Duration connectTimeout, Duration readTimeout, ProxySelector proxies) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

    public HubSettings {
        String e = endpoint.toString();
        if (e.endsWith("/")) endpoint = URI.create(e.substring(0, e.length() - 1));
    }

    /** The settings this process's environment describes. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static HubSettings fromEnvironment(Map<String, String> env, Path userHome) {
        Path hfHome = Optional.ofNullable(nonEmpty(env.get("HF_HOME"))).map(Path::of).orElseGet(() ->
                Optional.ofNullable(nonEmpty(env.get("XDG_CACHE_HOME"))).map(Path::of)
                        .orElse(userHome.resolve(".cache")).resolve("huggingface"));
        String cache = firstNonEmpty(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE"));
        Path cacheDir = cache != null ? Path.of(cache) : hfHome.resolve("hub");
        Path tokenFile = Optional.ofNullable(nonEmpty(env.get("HF_TOKEN_PATH"))).map(Path::of)
                .orElse(hfHome.resolve("token"));
        Optional<String> token = Optional.ofNullable(firstNonEmpty(env.get("HF_TOKEN"), env.get("HUGGING_FACE_HUB_TOKEN")))
                .or(() -> readToken(tokenFile));
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        URI endpoint = URI.create(Optional.ofNullable(nonEmpty(env.get("HF_ENDPOINT"))).orElse(DEFAULT_ENDPOINT));
        return new HubSettings(endpoint, cacheDir, token, offline,
                seconds(env.get("HF_HUB_ETAG_TIMEOUT"), 10), seconds(env.get("HF_HUB_DOWNLOAD_TIMEOUT"), 10),
                EnvironmentProxies.from(env));
    }

    private static Optional<String> readToken(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.ofNullable(nonEmpty(Files.readString(file, StandardCharsets.UTF_8).strip()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Duration seconds(String value, int fallback) {
        try {
            return Duration.ofSeconds(value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a hub timeout must be whole seconds, got '" + value + "'");
        }
    }

    private static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.strip().toUpperCase(Locale.ROOT));
    }

    private static String firstNonEmpty(String a, String b) {
        return nonEmpty(a) != null ? a : nonEmpty(b);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
