package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /docs} and {@code GET /openapi.json}: a browsable description that covers every route. */
class DocsTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.apiKey("docs-key"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void docs_is_a_swagger_ui_page_over_the_spec_with_its_files_served_locally() {
        TestServer.Reply page = server.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("url: \"openapi.json\"").contains("SwaggerUIBundle").doesNotContain("http");
        // Every script and stylesheet the page links is served by this server (no CDN).
        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        List<String> assets = new ArrayList<>();
        while (links.find()) assets.add(links.group(1));
        assertThat(assets).anyMatch(a -> a.endsWith("swagger-ui-bundle.js")).anyMatch(a -> a.endsWith(".css"));
        for (String asset : assets) {
            TestServer.Reply r = server.get("/" + asset);
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotEmpty();
        }
    }

    @Test
    void the_spec_is_openapi_3_json_and_needs_no_key() {
        TestServer.Reply r = server.get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode spec = r.json();
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        assertThat(spec.get("info").get("title").asText()).isNotBlank();
    }

    @Test
    void every_route_of_the_server_is_described_and_nothing_else() {
        JsonNode paths = server.get("/openapi.json").json().get("paths");
        List<String> routes = server.server.routes();
        assertThat(routes).contains("GET /metrics", "GET /docs", "POST /v1/chat/completions");
        List<String> described = new ArrayList<>();
        paths.properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        // Javalin writes path parameters as <name>, OpenAPI as {name}.
        List<String> routesInOpenApiSyntax = routes.stream().map(r -> r.replaceAll("<([^>]+)>", "{$1}")).toList();
        assertThat(described).as("operations in openapi.json (add a route there when you add it to Routes)")
                .containsExactlyInAnyOrderElementsOf(routesInOpenApiSyntax);
    }

    @Test
    void every_reference_in_the_spec_resolves() {
        JsonNode spec = server.get("/openapi.json").json();
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(spec.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) out.add(e.getValue().asText());
                else collectRefs(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, out));
        }
    }
}
