package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import r1j.agent.AgentSetup;
import r1j.dialogue.store.JdbcConversationStore;
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.reasoning.ReasoningSplitter;

/**
 * A tool call end to end in headless Chromium: the page sees the server has tools and sends {@code "tools": "auto"};
 * the model (scripted: the tiny model's random weights never call a tool on cue) calls a weather tool, which the
 * server runs against a scripted tool server on loopback; the card shows live while the call runs, then its result
 * and time, and again after a reload. Screenshots go to {@code target/screenshots} (tools-*.png).
 */
class WebChatToolsBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);

    @TempDir
    static Path dir;
    private static HttpServer weather;
    private static JdbcConversationStore store;
    private static TestServer server;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        weather = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        weather.createContext("/weather", exchange -> {
            sleep(1500); // long enough to see the card while the call runs
            byte[] body = ("{\"city\": \"Paris\", \"sky\": \"sunny\", \"temp_c\": 21, \"query\": \""
                    + exchange.getRequestURI().getQuery() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        weather.start();
        int port = weather.getAddress().getPort();
        Path tools = Files.writeString(dir.resolve("tools.json"), """
                [{"id": "weather", "name": "Weather", "description": "Current weather of a city",
                  "params": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                  "url": "http://127.0.0.1:%d/weather", "method": "GET"}]""".formatted(port));
        store = JdbcConversationStore.sqlite(Files.createDirectories(dir.resolve("db")));
        server = TestServer.withTools(store, AgentSetup.fromFlags(tools, "127.0.0.1:" + port, 3),
                (prompt, settings, sink, cancelled) -> {
                    String text = server.model.tokenizer().decode(prompt);
                    String think = ReasoningSplitter.promptOpensReasoning(text) ? "</think>" : "";
                    // Thinking only where the prompt opens a think block (R1's template does not after tool output).
                    String thought = think.isEmpty() ? "" : "The user wants the weather; I should call the tool.";
                    List<String> pieces = text.contains("\"sky\"")
                            ? List.of(thought.isEmpty() ? "" : "The tool answered.", think, "It is **sunny** in Paris, 21 °C.")
                            : List.of(thought, think, "Let me look that up.", "<tool_call>\n{\"name\": \"weather\", ",
                                    "\"arguments\": {\"city\": \"Paris\"}}\n</tool_call>");
                    for (String p : pieces) {
                        sink.accept(1, p);
                        sleep(150);
                    }
                    return new GenerationResult(new int[pieces.size()], String.join("", pieces), FinishReason.STOP,
                            prompt.length, 0, 0, 0);
                }, b -> b.maxModelLen(2048));
        browser = HeadlessChromium.start(dir);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
        if (store != null) store.close();
        if (weather != null) weather.stop(0);
    }

    @Test
    void a_tool_call_runs_end_to_end_and_shows_as_a_card_live_and_after_a_reload() throws IOException {
        browser.manage().window().setSize(DESKTOP);
        browser.get(server.base() + "/");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(browser.findElement(By.tagName("body")).getDomAttribute("class")).contains("has-tools");
        browser.findElement(By.id("prompt")).sendKeys("What is the weather in Paris?", Keys.ENTER);

        WebElement running = wait.until(d -> d.findElement(By.cssSelector(".tool-card[data-state='running']")));
        running.findElement(By.tagName("summary")).click();
        assertThat(running.getText()).contains("Tool: weather").contains("running").contains("\"city\": \"Paris\"");
        screenshot("tools-01-running", DESKTOP);

        WebElement card = wait.until(d -> d.findElement(By.cssSelector(".tool-card[data-state='ok']")));
        wait.until(d -> d.findElement(By.id("send")).isDisplayed()
                && d.findElements(By.cssSelector(".message.assistant .stats")).size() == 1);
        assertThat(card.findElement(By.cssSelector(".tool-status")).getText()).matches("\\d+ ms");
        assertThat(card.findElement(By.cssSelector(".tool-result")).getText()).contains("\"sky\": \"sunny\"")
                .contains("city=Paris");
        List<WebElement> answers = browser.findElements(By.cssSelector(".message.assistant .text"));
        assertThat(answers.getFirst().getText()).isEqualTo("Let me look that up.");
        assertThat(answers.getLast().getText()).isEqualTo("It is sunny in Paris, 21 °C.");
        assertThat(browser.findElement(By.id("messages")).getText()).doesNotContain("<tool_call>");
        assertThat(order()).as("the call's card sits between the turn that made it and the answer after it")
                .containsExactly("assistant", "tool-card", "assistant");
        screenshot("tools-02-card", DESKTOP);
        browser.manage().window().setSize(PHONE);
        screenshot("tools-03-card", PHONE);
        browser.manage().window().setSize(DESKTOP);

        browser.navigate().refresh();
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        // The address names the conversation, so the reload reopens it by itself (no click in the list).
        wait.until(d -> "What is the weather in Paris?".equals(d.findElement(By.id("chat-title")).getText()));
        WebElement stored = wait.until(d -> d.findElement(By.cssSelector(".tool-card[data-state='ok']")));
        assertThat(stored.getDomAttribute("open")).as("folded after a reload").isNull();
        stored.findElement(By.tagName("summary")).click();
        assertThat(stored.getText()).contains("Tool: weather").contains("\"city\": \"Paris\"").contains("sunny");
        assertThat(stored.findElement(By.cssSelector(".tool-status")).getText()).matches("\\d+ ms");
        assertThat(browser.findElements(By.cssSelector(".message.assistant .text")).getLast().getText())
                .isEqualTo("It is sunny in Paris, 21 °C.");
        assertThat(order()).containsExactly("assistant", "tool-card", "assistant");
        screenshot("tools-04-after-reload", DESKTOP);
    }

    /** The answers and cards below the question, in page order. */
    private static List<String> order() {
        return browser.findElements(By.cssSelector("#messages > .message.assistant, #messages > .tool-card")).stream()
                .map(e -> e.getDomAttribute("class").contains("tool-card") ? "tool-card" : "assistant").toList();
    }

    private static void screenshot(String name, Dimension size) throws IOException {
        PageScreenshot.save(browser, SCREENSHOTS.resolve(name + "-" + size.width + "x" + size.height + ".png"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
