package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --allowed-origins}: browser pages on the listed origins may call the API; the key still guards it. */
class CorsTest {
    private static final String APP = "https://app.example.com";
    private static final String KEY = "cors-key";
    private static TestServer allowing;
    private static TestServer closed;

    @BeforeAll
    static void start() throws IOException {
        allowing = TestServer.start(b -> b.apiKey(KEY).allowedOrigins(java.util.List.of(APP, "http://localhost:5173")));
        closed = TestServer.start(b -> b.apiKey(KEY));
    }

    @AfterAll
    static void stop() {
        allowing.close();
        closed.close();
    }

    private static HttpResponse<String> send(TestServer server, HttpRequest.Builder b) throws Exception {
        return server.http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> preflight(TestServer server, String origin) throws Exception {
        return send(server, HttpRequest.newBuilder(URI.create(server.base() + "/v1/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
    }

    private static HttpResponse<String> models(TestServer server, String origin, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/v1/models")).header("Origin", origin);
        if (key != null) b.header("Authorization", "Bearer " + key);
        return send(server, b.GET());
    }

    @Test
    void a_preflight_from_an_allowed_origin_is_answered_without_the_key() throws Exception {
        HttpResponse<String> r = preflight(allowing, APP);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization", "content-type");
    }

    @Test
    void the_api_key_still_guards_cross_origin_requests() throws Exception {
        HttpResponse<String> without = models(allowing, APP, null);
        assertThat(without.statusCode()).isEqualTo(401);
        // The page may read the 401 (so it can ask for a key), but gets no data.
        assertThat(without.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        HttpResponse<String> with = models(allowing, APP, KEY);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
    }

    @Test
    void other_origins_get_no_cors_headers() throws Exception {
        assertThat(preflight(allowing, "https://evil.example").headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(models(allowing, "https://evil.example", KEY).headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    @Test
    void without_allowed_origins_no_origin_is_allowed() throws Exception {
        assertThat(preflight(closed, APP).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(models(closed, APP, KEY).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // Without CORS a preflight is just an unauthenticated OPTIONS.
        assertThat(preflight(closed, APP).statusCode()).isIn(401, 405);
    }

    @Test
    void a_star_allows_any_origin() throws Exception {
        try (TestServer any = TestServer.start(b -> b.allowedOrigins(java.util.List.of("*")))) {
            assertThat(models(any, "https://anything.example", null).headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValueSatisfying(v -> assertThat(v).isIn("*", "https://anything.example"));
        }
    }
}
