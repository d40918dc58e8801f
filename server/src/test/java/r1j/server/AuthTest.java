package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(b -> b.apiKey("sekret"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":1}";

    @Test
    void v1_routes_need_the_bearer_key() {
        TestServer.Reply none = server.get("/v1/models");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(server.get("/v1/models", "Authorization", "Bearer wrong").status()).isEqualTo(401);
        assertThat(server.post("/v1/chat/completions", BODY, "Authorization", "Bearer wrong").status()).isEqualTo(401);
        assertThat(server.post("/v1/chat/completions", BODY).status()).isEqualTo(401);
        assertThat(server.get("/v1/models", "Authorization", "Bearer sekret").status()).isEqualTo(200);
        assertThat(server.post("/v1/chat/completions", BODY, "Authorization", "Bearer sekret").status()).isEqualTo(200);
    }

    @Test
    void health_needs_no_key() {
        assertThat(server.get("/health").status()).isEqualTo(200);
    }
}
