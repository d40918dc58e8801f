package r1j.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import r1j.agent.ScriptedServer;
import r1j.agent.http.GuardedHttpClient;
import r1j.agent.http.HostAllowlist;
import r1j.agent.http.HostResolver;
import r1j.agent.http.HttpLimits;
import r1j.agent.tool.ToolException;

class FetchUrlTest {
    private ScriptedServer server;
    private FetchUrl allowed;
    private FetchUrl strict;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer()
                .on("/page", (exchange, request) -> ScriptedServer.send(exchange, 200, "text/html; charset=utf-8",
                        "<html><head><title>Tea</title></head><body><p>Green tea: 80 °C.</p><p>Black: 95 °C.</p></body></html>"))
                .on("/plain", (exchange, request) -> ScriptedServer.send(exchange, 200, "text/plain", "just text"))
                .on("/image", (exchange, request) -> ScriptedServer.send(exchange, 200, "image/png", "PNG"))
                .on("/gone", (exchange, request) -> ScriptedServer.send(exchange, 404, "text/html", "<p>no</p>"));
        allowed = new FetchUrl(FetchUrl.defaultFunction("fetch_url"), new GuardedHttpClient(
                HostAllowlist.parse("127.0.0.1:" + server.port()), HostResolver.SYSTEM, HttpLimits.DEFAULT));
        strict = new FetchUrl(FetchUrl.defaultFunction("fetch_url"), new GuardedHttpClient(
                HostAllowlist.none(), HostResolver.SYSTEM, HttpLimits.DEFAULT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String fetch(FetchUrl tool, String url) throws ToolException {
        return tool.call(JsonNodeFactory.instance.objectNode().put("url", url));
    }

    @Test
    void html_comes_back_as_its_text_and_text_as_it_is() throws ToolException {
        assertThat(fetch(allowed, server.url("/page"))).isEqualTo("Tea\n\nGreen tea: 80 °C.\nBlack: 95 °C.");
        assertThat(fetch(allowed, server.url("/plain"))).isEqualTo("just text");
    }

    @Test
    void other_content_and_error_statuses_are_errors() {
        assertThatThrownBy(() -> fetch(allowed, server.url("/image"))).hasMessageContaining("is image/png, not text");
        assertThatThrownBy(() -> fetch(allowed, server.url("/gone"))).hasMessageStartingWith("HTTP 404 from");
        assertThatThrownBy(() -> fetch(allowed, "not a url at all")).hasMessageContaining("is not a URL");
    }

    @Test
    void loopback_needs_the_allowlist_even_for_fetch_url() {
        assertThatThrownBy(() -> fetch(strict, server.url("/page"))).hasMessageContaining("loopback");
        assertThat(server.received()).isEmpty();
    }
}
