package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Open WebUI's direct connections, in a real browser: a page on another origin (its own loopback server, another
 * port) lists the models and streams a chat completion with an API key, as Open WebUI's browser code does. Allowed by
 * {@code --allowed-origins} naming the page's origin (the key forces a CORS preflight, which must pass without it);
 * refused by the browser when the server was started without the flag.
 */
class OpenWebUiCrossOriginBrowserTest {
    private static final String KEY = "webui-key";
    /** What the other origin's page runs: the two calls Open WebUI makes, reporting what it got or why it failed. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>another origin</title></head><body>
            <script>
            window.chat = async (api, key) => {
              const headers = {Authorization: 'Bearer ' + key, 'Content-Type': 'application/json'};
              const out = {};
              try {
                const models = await (await fetch(api + '/v1/models', {headers})).json();
                out.model = models.data[0].id;
                const response = await fetch(api + '/v1/chat/completions', {method: 'POST', headers,
                  body: JSON.stringify({model: out.model, stream: true, max_tokens: 8,
                                        messages: [{role: 'user', content: 'Hi'}]})});
                const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                let text = '';
                out.reads = 0;
                for (;;) {
                  const {value, done} = await reader.read();
                  if (done) break;
                  text += value;
                  out.reads++;
                }
                const chunks = text.split('\\n\\n').filter((f) => f.startsWith('data: {'))
                  .map((f) => JSON.parse(f.slice(6)));
                out.chunks = chunks.length;
                out.object = chunks[0]?.object;
                out.finish = chunks.map((c) => c.choices?.[0]?.finish_reason).find((r) => r);
                out.done = text.includes('data: [DONE]');
              } catch (error) {
                out.error = error.name + ': ' + error.message;
              }
              return out;
            };
            </script></body></html>
            """;

    @TempDir
    static Path browserDir;
    private static HttpServer page;
    private static String pageOrigin;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        HeadlessChromium.requireInstalled();
        page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        page.start();
        pageOrigin = "http://127.0.0.1:" + page.getAddress().getPort();
        browser = HeadlessChromium.start(browserDir);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        browser.get(pageOrigin + "/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (page != null) page.stop(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> chatFromThePage(TestServer api) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                "window.chat(arguments[0], arguments[1]).then(arguments[2]);", api.base(), KEY);
    }

    @Test
    void a_page_on_an_allowed_origin_lists_the_models_and_streams_a_chat() throws IOException {
        try (TestServer api = TestServer.start(b -> b.apiKey(KEY).allowedOrigins(List.of(pageOrigin)))) {
            Map<String, Object> result = chatFromThePage(api);
            assertThat(result).doesNotContainKey("error");
            assertThat(result.get("model")).isEqualTo(TestServer.MODEL);
            assertThat(result.get("object")).isEqualTo("chat.completion.chunk");
            assertThat(((Number) result.get("chunks")).intValue()).as("streamed piece by piece").isGreaterThan(2);
            assertThat(result.get("finish")).isEqualTo("length");
            assertThat(result.get("done")).isEqualTo(true);
        }
    }

    @Test
    void without_allowed_origins_the_browser_keeps_the_page_out() throws IOException {
        try (TestServer api = TestServer.start(b -> b.apiKey(KEY))) {
            Map<String, Object> result = chatFromThePage(api);
            assertThat(result.get("error")).asString().startsWith("TypeError: Failed to fetch");
            assertThat(result).doesNotContainKey("model");
        }
    }
}
