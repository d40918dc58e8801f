package r1j.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import r1j.agent.ScriptedServer;
import r1j.agent.tool.ToolException;

/** The address and host rules, redirects and limits, against real sockets on loopback. */
class GuardedHttpClientTest {
    private ScriptedServer server;
    private ScriptedServer other;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        other = new ScriptedServer().on("/", ScriptedServer.json("{\"secret\": true}"));
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private GuardedHttpClient client(String allow) {
        return client(allow, HostResolver.SYSTEM, HttpLimits.DEFAULT);
    }

    private static GuardedHttpClient client(String allow, HostResolver resolver, HttpLimits limits) {
        return new GuardedHttpClient(HostAllowlist.parse(allow), resolver, limits);
    }

    private static HttpReply get(GuardedHttpClient http, String url, Reach reach) throws ToolException {
        return http.send(new HttpCall("GET", URI.create(url), Map.of(), null), reach);
    }

    @Test
    void loopback_is_refused_without_an_allowlist_entry_and_nothing_is_sent() {
        server.on("/data", ScriptedServer.json("{}"));
        assertThatThrownBy(() -> get(client(""), server.url("/data"), Reach.ownHosts(java.util.Set.of("127.0.0.1"))))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("127.0.0.1 is a loopback address")
                .hasMessageContaining("--tools-allow");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void an_allowlisted_loopback_port_is_reached() throws ToolException {
        server.on("/data", ScriptedServer.json("{\"ok\": 1}"));
        HttpReply reply = get(client("127.0.0.1:" + server.port()), server.url("/data"), Reach.anyPublicHost());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"ok\": 1}");
        assertThat(reply.contentType()).startsWith("application/json");
    }

    @Test
    void the_allowlist_names_a_port_so_another_loopback_port_stays_refused() {
        assertThatThrownBy(() -> get(client("127.0.0.1:" + server.port()), other.url("/"), Reach.anyPublicHost()))
                .hasMessageContaining("loopback");
        assertThat(other.received()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/", "http://192.168.0.10:8080/admin", "http://169.254.169.254/latest/meta-data",
            "http://100.64.1.1/", "http://0.0.0.0/", "http://[fe80::1]/", "http://[fd00::1]/"})
    void private_and_link_local_addresses_are_refused_before_connecting(String url) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> get(client(""), url, Reach.anyPublicHost()))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("address; tools may reach it only when --tools-allow lists it");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "2130706433"})
    void loopback_in_its_other_spellings_is_refused(String host) {
        int port = other.port();
        assertThatThrownBy(() -> get(client(""), "http://" + host + ":" + port + "/", Reach.anyPublicHost()))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("loopback");
        assertThat(other.received()).isEmpty();
    }

    @Test
    void a_short_form_ipv4_host_is_refused_as_hostless() {
        assertThatThrownBy(() -> get(client(""), "http://127.1:" + other.port() + "/", Reach.anyPublicHost()))
                .hasMessageContaining("the URL has no host");
        assertThat(other.received()).isEmpty();
    }

    @Test
    void a_name_that_resolves_to_loopback_is_refused_after_resolution() {
        assertThatThrownBy(() -> get(client(""), "http://localhost:" + other.port() + "/", Reach.anyPublicHost()))
                .hasMessageContaining("localhost resolves to")
                .hasMessageContaining("loopback");
        assertThat(other.received()).isEmpty();
    }

    @Test
    void a_public_looking_name_whose_dns_answer_is_loopback_is_refused() {
        HostResolver rebinding = host -> host.equals("api.example.com")
                ? new InetAddress[] {InetAddress.ofLiteral("203.0.114.1"), InetAddress.getLoopbackAddress()}
                : InetAddress.getAllByName(host);
        GuardedHttpClient http = client("", rebinding, HttpLimits.DEFAULT);
        assertThatThrownBy(() -> get(http, "http://api.example.com:" + other.port() + "/",
                Reach.ownHosts(java.util.Set.of("api.example.com"))))
                .hasMessageContaining("api.example.com resolves to 127.0.0.1, which is a loopback address");
        assertThat(other.received()).isEmpty();
    }

    @Test
    void the_connection_uses_the_checked_address_of_an_allowlisted_name() throws ToolException {
        HostResolver table = host -> {
            if (host.equals("tools.internal")) return new InetAddress[] {InetAddress.getLoopbackAddress()};
            throw new UnknownHostException(host);
        };
        other.on("/hello", ScriptedServer.json("\"hi\""));
        HttpReply reply = get(client("tools.internal:" + other.port(), table, HttpLimits.DEFAULT),
                "http://tools.internal:" + other.port() + "/hello", Reach.ownHosts(java.util.Set.of("tools.internal")));
        assertThat(reply.body()).isEqualTo("\"hi\"");
        assertThat(other.received()).singleElement().satisfies(r -> assertThat(r.headers().get("host"))
                .isEqualTo("tools.internal:" + other.port()));
    }

    @Test
    void a_redirect_to_loopback_is_refused_at_the_hop() {
        server.on("/go", ScriptedServer.redirect(302, other.url("/")));
        assertThatThrownBy(() -> get(client("127.0.0.1:" + server.port()), server.url("/go"), Reach.anyPublicHost()))
                .hasMessageContaining(other.url("/"))
                .hasMessageContaining("loopback");
        assertThat(server.received()).hasSize(1);
        assertThat(other.received()).isEmpty();
    }

    @Test
    void a_redirect_to_an_ipv6_loopback_is_refused_too() {
        server.on("/go", ScriptedServer.redirect(307, "http://[::1]:" + other.port() + "/"));
        assertThatThrownBy(() -> get(client("127.0.0.1:" + server.port()), server.url("/go"), Reach.anyPublicHost()))
                .hasMessageContaining("loopback");
        assertThat(other.received()).isEmpty();
    }

    @Test
    void a_redirect_to_a_host_outside_the_tools_reach_is_refused() {
        server.on("/go", ScriptedServer.redirect(302, "http://elsewhere.example/"));
        assertThatThrownBy(() -> get(client("127.0.0.1:" + server.port()), server.url("/go"),
                Reach.ownHosts(java.util.Set.of("127.0.0.1"))))
                .hasMessageContaining("elsewhere.example is not a host this tool may reach");
    }

    @Test
    void redirects_are_followed_within_the_rules_and_credentials_stay_with_their_origin() throws ToolException {
        server.on("/go", ScriptedServer.redirect(302, other.url("/")));
        server.on("/same", ScriptedServer.redirect(301, "/data"));
        server.on("/data", ScriptedServer.json("{\"here\": 1}"));
        GuardedHttpClient http = client("127.0.0.1");
        Map<String, String> key = Map.of("X-Api-Key", "s3cret");
        HttpReply across = http.send(new HttpCall("GET", URI.create(server.url("/go")), key, null), Reach.anyPublicHost());
        assertThat(across.body()).isEqualTo("{\"secret\": true}");
        assertThat(other.received()).singleElement().satisfies(r -> assertThat(r.headers()).doesNotContainKey("x-api-key"));

        HttpReply same = http.send(new HttpCall("POST", URI.create(server.url("/same")), key, "{}"), Reach.anyPublicHost());
        assertThat(same.body()).isEqualTo("{\"here\": 1}");
        assertThat(server.received().getLast()).satisfies(r -> {
            assertThat(r.method()).as("301 after POST becomes GET").isEqualTo("GET");
            assertThat(r.headers()).containsEntry("x-api-key", "s3cret");
        });
    }

    @Test
    void redirect_loops_end_at_the_limit() {
        server.on("/loop", ScriptedServer.redirect(302, "/loop"));
        assertThatThrownBy(() -> get(client("127.0.0.1"), server.url("/loop"), Reach.anyPublicHost()))
                .hasMessageContaining("redirected more than 5 times");
        assertThat(server.received()).hasSize(6);
    }

    @Test
    void a_response_over_the_size_limit_fails_the_call() {
        String big = "x".repeat(5000);
        server.on("/big", ScriptedServer.json(big));
        server.on("/chunked", (exchange, request) -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length to check up front
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) out.write(big.getBytes());
            }
        });
        GuardedHttpClient http = client("127.0.0.1", HostResolver.SYSTEM, new HttpLimits(Duration.ofSeconds(5), 1000, 5));
        assertThatThrownBy(() -> get(http, server.url("/big"), Reach.anyPublicHost()))
                .hasMessageContaining("the response is 5000 bytes, over the limit of 1000");
        assertThatThrownBy(() -> get(http, server.url("/chunked"), Reach.anyPublicHost()))
                .hasMessageContaining("over the limit of 1000 bytes");
    }

    @Test
    void a_slow_server_times_out_within_the_limit() {
        server.on("/slow", (exchange, request) -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ScriptedServer.send(exchange, 200, "text/plain", "late");
        });
        GuardedHttpClient http = client("127.0.0.1", HostResolver.SYSTEM, new HttpLimits(Duration.ofMillis(300), 1000, 5));
        long start = System.nanoTime();
        assertThatThrownBy(() -> get(http, server.url("/slow"), Reach.anyPublicHost()))
                .hasMessageContaining("timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void only_http_and_https_and_no_credentials_in_urls() {
        assertThatThrownBy(() -> get(client(""), "file:///etc/passwd", Reach.anyPublicHost()))
                .hasMessageContaining("only http and https");
        assertThatThrownBy(() -> get(client(""), "http://user:pw@example.com/", Reach.anyPublicHost()))
                .hasMessageContaining("a URL with credentials")
                .hasMessageNotContaining("pw@");
    }
}
