package r1j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import r1j.dialogue.store.JdbcConversationStore;

/**
 * The web chat in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs) against a real server on the tiny model, protected by an API key: log in, send and watch the thinking
 * stream then fold, stop mid-answer (the server's /metrics shows nothing left running), reload and find the
 * conversation, export it. Screenshots of each state go to {@code target/screenshots} at desktop and phone widths.
 * The tiny model's weights are random: its text is gibberish, and all of it is thinking (it never closes
 * {@code </think>}), so the tests check the mechanics, not the words.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebChatBrowserTest {
    private static final String KEY = "web-chat-key";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserDir;
    private static JdbcConversationStore store;
    private static TestServer server;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        store = JdbcConversationStore.sqlite(dataDir);
        server = TestServer.withConversations(store, b -> b.apiKey(KEY).maxModelLen(4096));
        browser = HeadlessChromium.start(browserDir);
        // The page redraws an answer's numbers line when the server's stored numbers arrive: an element found a
        // moment before may be gone, so waits look again instead of failing.
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
        if (store != null) store.close();
    }

    @Test
    @Order(1)
    void the_page_asks_for_the_key_then_streams_the_thinking_and_folds_it() throws IOException {
        browser.manage().window().setSize(DESKTOP);
        browser.get(server.base() + "/");
        WebElement login = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        screenshots("01-login");
        login.findElement(By.id("login-key")).sendKeys("wrong-key", Keys.ENTER);
        wait.until(d -> d.findElement(By.id("login-error")).getText().contains("incorrect API key"));
        login.findElement(By.id("login-key")).sendKeys(KEY, Keys.ENTER);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        // Kept for this tab only: gone when the browser session ends, never written to disk-backed storage.
        assertThat(js("return sessionStorage.getItem('r1j.apiKey')")).isEqualTo(KEY);
        assertThat(js("return JSON.stringify(Object.values(localStorage))")).asString().doesNotContain(KEY);

        // The settings panel shows what empty fields mean on this server, from /v1/models.
        var defaults = server.get("/v1/models", "Authorization", "Bearer " + KEY).json().get("data").get(0).get("defaults");
        browser.findElement(By.id("settings-toggle")).click();
        assertThat(Double.parseDouble(browser.findElement(By.cssSelector("#settings input[name='top_p']"))
                .getDomProperty("placeholder"))).isEqualTo(defaults.get("top_p").asDouble());
        assertThat(browser.findElement(By.id("preset-temperatures")).getText())
                .isEqualTo("reasoning 0.5, creative 0.7, general 0.6");
        screenshots("02-settings");
        browser.findElement(By.id("settings-toggle")).click();
        settings(Map.of("max_tokens", "120", "preset", "reasoning"));
        // Counts the repaints of the thinking while it streams: more than one means it arrived piece by piece.
        js("""
                window.thinkingPaints = 0;
                new MutationObserver(() => window.thinkingPaints++)
                    .observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});
                """);
        prompt().sendKeys("What is 2 + 2?", Keys.SHIFT, Keys.ENTER, Keys.SHIFT, "Answer in \\boxed{}.", Keys.ENTER);

        WebElement answer = waitForFinishedAnswer();
        WebElement thinking = answer.findElement(By.cssSelector(".thinking"));
        assertThat(thinking.findElement(By.tagName("summary")).getText()).matches("Thought for \\d+ s");
        assertThat(thinking.getDomAttribute("open")).as("folded once the answer is done").isNull();
        assertThat(((Number) js("return window.thinkingPaints")).intValue()).isGreaterThan(2);
        String stats = answer.findElement(By.cssSelector(".stats")).getText();
        assertThat(stats).matches(".*\\b120 tokens · \\d+ thinking · \\d+ prompt · [\\d.]+ tokens/s.*");
        assertThat(browser.findElement(By.cssSelector(".message.user .text")).getText())
                .isEqualTo("What is 2 + 2?\nAnswer in \\boxed{}.");
        screenshots("03-answered");

        // The numbers come from the server, stored with the reply: the same ones a reload shows.
        var reply = storedReply();
        var replyStats = reply.get("stats");
        assertThat(reply.get("finish_reason").asText()).isEqualTo("length");
        assertThat(replyStats.get("reasoning_tokens").asInt() + replyStats.get("answer_tokens").asInt()).isEqualTo(120);
        assertThat(replyStats.get("thinking_ms").asLong()).isPositive()
                .isLessThanOrEqualTo(replyStats.get("duration_ms").asLong());
        assertThat(replyStats.get("tokens_per_s").asDouble()).isPositive();
        assertThat(stats).contains(replyStats.get("prompt_tokens").asInt() + " prompt").endsWith("reasoning preset");
        assertThat(replyStats.get("preset").asText()).isEqualTo("reasoning");

        thinking.findElement(By.tagName("summary")).click();
        assertThat(answer.findElement(By.cssSelector(".thoughts")).getText()).isNotBlank();
        screenshots("04-thinking-unfolded");
        browser.manage().window().setSize(PHONE);
        browser.findElement(By.id("open-sidebar")).click();
        wait.until(d -> d.findElement(By.id("new-chat")).isDisplayed());
        screenshot("05-conversations", PHONE);  // at desktop width the list is always beside the chat
        browser.findElement(By.id("close-sidebar")).click();
        browser.manage().window().setSize(DESKTOP);
    }

    @Test
    @Order(2)
    void stop_closes_the_stream_and_the_server_stops_decoding() throws IOException {
        browser.findElement(By.id("new-chat")).click();
        settings(Map.of("max_tokens", "3000"));
        prompt().sendKeys("Write a very long story.", Keys.ENTER);
        double abortedBefore = metric("r1j_request_success_total", "finished_reason=\"abort\"");
        wait.until(d -> !d.findElements(By.cssSelector(".thinking.live")).isEmpty());
        screenshots("06-streaming");
        prompt().sendKeys(Keys.ESCAPE);
        long stoppedAt = System.nanoTime();

        waitForFinishedAnswer();
        wait.until(d -> d.findElements(By.cssSelector(".message.assistant .stats")).getLast().getText()
                .startsWith("stopped"));
        // The server saw the stream close and ended the sequence as aborted, within an engine step or two...
        assertThat(running()).as("requests still decoding after Stop").isZero();
        while (metric("r1j_request_success_total", "finished_reason=\"abort\"") == abortedBefore
                && System.nanoTime() - stoppedAt < 5_000_000_000L) {
            sleep(50);
        }
        assertThat(metric("r1j_request_success_total", "finished_reason=\"abort\"")).as("aborted sequences")
                .isEqualTo(abortedBefore + 1);
        assertThat(metric("r1j_num_requests_waiting", "")).isZero();
        // ...and no token is generated after that: decoding stopped, it did not just go unread.
        double generated = metric("r1j_generation_tokens_total", "");
        sleep(500);
        assertThat(metric("r1j_generation_tokens_total", "")).isEqualTo(generated);
        // The stream closed before the numbers came; the page reads the ones stored with the cut-short reply.
        wait.until(d -> d.findElements(By.cssSelector(".message.assistant .stats")).getLast().getText()
                .matches("stopped · \\d+ tokens · .* · creative preset"));  // chosen from the words: a story
        screenshots("07-stopped");

        // The stored reply is the cut-short one, marked incomplete.
        var reply = storedReply();
        assertThat(reply.get("role").asText()).isEqualTo("assistant");
        assertThat(reply.get("complete").asBoolean()).isFalse();
        assertThat(reply.get("finish_reason").asText()).isEqualTo("cancelled");
    }

    @Test
    @Order(3)
    void after_a_reload_the_conversation_is_listed_and_opens_with_its_answer() throws IOException {
        browser.navigate().to(server.base() + "/");
        browser.navigate().refresh();
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        List<String> titles = browser.findElements(By.cssSelector("#conversations .conversation")).stream()
                .map(WebElement::getText).toList();
        assertThat(titles).containsExactly("Write a very long story.", "What is 2 + 2? Answer in \\boxed{}.");

        browser.findElement(By.id("search")).sendKeys("2 + 2");
        wait.until(d -> d.findElements(By.cssSelector("#conversations .conversation")).size() == 1);
        browser.findElement(By.cssSelector("#conversations .conversation")).click();
        WebElement answer = waitForFinishedAnswer();
        assertThat(answer.findElement(By.cssSelector(".thinking summary")).getText()).matches("Thought for \\d+ s");
        assertThat(answer.findElement(By.cssSelector(".stats")).getText()).startsWith("cut at max tokens · 120 tokens");
        screenshots("08-reopened");

        // A reload comes back to the open conversation (its id is in the address), not to an empty new chat.
        String id = currentConversation();
        assertThat(id).startsWith("conv_");
        browser.navigate().refresh();
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(currentConversation()).isEqualTo(id);
        assertThat(browser.findElement(By.id("chat-title")).getText()).isEqualTo("What is 2 + 2? Answer in \\boxed{}.");
        WebElement reloaded = waitForFinishedAnswer();
        assertThat(reloaded.findElement(By.cssSelector(".thinking summary")).getText()).matches("Thought for \\d+ s");
        assertThat(browser.findElement(By.cssSelector("#conversations [aria-current='true']")).getText())
                .isEqualTo("What is 2 + 2? Answer in \\boxed{}.");
    }

    @Test
    @Order(4)
    void export_downloads_markdown_and_json() throws IOException {
        browser.findElement(By.id("export-md")).click();
        Path markdown = waitForDownload("What-is-2-2-Answer-in-boxed.md");
        assertThat(Files.readString(markdown)).startsWith("# What is 2 + 2? Answer in \\boxed{}.")
                .contains("## User\n\nWhat is 2 + 2?\nAnswer in \\boxed{}.").contains("## Assistant");

        browser.findElement(By.id("export-json")).click();
        Path json = waitForDownload("What-is-2-2-Answer-in-boxed.json");
        var exported = r1j.server.http.Json.MAPPER.readTree(json.toFile());
        assertThat(exported.get("conversation").get("state").get("messages")).hasSize(2);
        assertThat(exported.get("events").get(0).get("type").asText()).isEqualTo("user_message");
    }

    @Test
    @Order(5)
    void regenerate_and_edit_replace_the_last_turn() {
        browser.findElement(By.cssSelector(".message.assistant .regenerate")).click();
        // In the log: the rewind, then a second answer to the same question.
        wait.until(d -> storedEventTypes().equals(
                List.of("user_message", "assistant_message", "rewound", "user_message", "assistant_message")));
        waitForFinishedAnswer();
        assertThat(storedMessages()).containsExactly("user: What is 2 + 2?\nAnswer in \\boxed{}.", "assistant");

        browser.findElement(By.cssSelector(".message.user .edit")).click();
        WebElement editor = browser.findElement(By.cssSelector(".message.user .editor"));
        editor.clear();
        editor.sendKeys("What is 3 + 3?");
        browser.findElement(By.xpath("//div[contains(@class,'user')]/button[text()='Send']")).click();
        wait.until(d -> d.findElement(By.cssSelector(".message.user .text")).getText().equals("What is 3 + 3?"));
        waitForFinishedAnswer();
        assertThat(storedMessages()).containsExactly("user: What is 3 + 3?", "assistant");
        assertThat(browser.findElements(By.cssSelector(".message"))).hasSize(2);
    }

    @Test
    @Order(6)
    void rename_and_delete_change_the_list() {
        browser.findElement(By.id("rename")).click();
        Alert rename = wait.until(ExpectedConditions.alertIsPresent());
        rename.sendKeys("Arithmetic");
        rename.accept();
        wait.until(d -> d.findElement(By.id("chat-title")).getText().equals("Arithmetic"));
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.id("search")).sendKeys("arith");
        wait.until(d -> d.findElements(By.cssSelector("#conversations .conversation")).stream()
                .map(WebElement::getText).toList().equals(List.of("Arithmetic")));

        browser.findElement(By.id("delete")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElement(By.id("chat-title")).getText().equals("New chat"));
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.id("search")).sendKeys(" ");
        wait.until(d -> d.findElements(By.cssSelector("#conversations .conversation")).stream()
                .map(WebElement::getText).toList().equals(List.of("Write a very long story.")));
    }

    @Test
    @Order(7)
    void answers_render_markdown_math_and_code_and_drop_unsafe_html() throws IOException {
        // The tiny model writes gibberish, so the renderer is fed a typical answer directly, as the page would.
        String html = (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('./web/render.js').then(({renderMarkdown}) => {
                  const html = renderMarkdown(arguments[0]);
                  const answer = document.createElement('div');
                  answer.className = 'message assistant';
                  answer.innerHTML = '<div class="text markdown">' + html + '</div>';
                  document.getElementById('messages').replaceChildren(answer);
                  done(html);
                });
                """, """
                ## Solution
                The sum is $a_1 + a_2$, and \\(x^2\\) grows; so
                $$\\int_0^1 x\\,dx = \\tfrac12$$
                ```python
                def add(a, b):
                    return a + b
                ```
                Price: $5 and $6 stay text. <img src=x onerror="alert(1)"><script>alert(2)</script>
                **Final answer:** \\boxed{4}
                """);
        assertThat(html).contains("<h2>Solution</h2>", "class=\"katex\"", "class=\"math math-display\"",
                "class=\"math final-answer\"", "hljs-keyword", "Price: $5 and $6 stay text.");
        assertThat(html).as("unsafe HTML dropped; Markdown never saw the formulas").doesNotContain("onerror", "<script", "<em>");
        screenshots("09-markdown-math-code");
    }

    // ---------------------------------------------------------------- helpers

    private static WebElement prompt() {
        return browser.findElement(By.id("prompt"));
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void settings(Map<String, String> values) {
        WebElement toggle = browser.findElement(By.id("settings-toggle"));
        toggle.click();
        values.forEach((name, value) -> {
            WebElement input = browser.findElement(By.cssSelector("#settings [name='" + name + "']"));
            if (input.getTagName().equals("select")) {
                new Select(input).selectByValue(value);
            } else {
                input.clear();
                input.sendKeys(value);
            }
        });
        toggle.click();
    }

    /** The last answer, once its numbers line is written (the stream is over). */
    private static WebElement waitForFinishedAnswer() {
        wait.until(d -> d.findElement(By.id("send")).isDisplayed()
                && !d.findElements(By.cssSelector(".message.assistant .stats")).isEmpty());
        List<WebElement> answers = browser.findElements(By.cssSelector(".message.assistant"));
        return answers.getLast();
    }

    /** The open conversation's messages as the server stores them: "user: TEXT" or the role. */
    private static List<String> storedMessages() {
        var messages = server.get("/v1/conversations/" + currentConversation(), "Authorization", "Bearer " + KEY)
                .json().get("state").get("messages");
        List<String> out = new java.util.ArrayList<>();
        messages.forEach(m -> out.add(m.get("role").asText().equals("user")
                ? "user: " + m.get("content").asText() : m.get("role").asText()));
        return out;
    }

    /** The open conversation's last message as the server stores it. */
    private static com.fasterxml.jackson.databind.JsonNode storedReply() {
        var messages = server.get("/v1/conversations/" + currentConversation(), "Authorization", "Bearer " + KEY)
                .json().get("state").get("messages");
        return messages.get(messages.size() - 1);
    }

    private static List<String> storedEventTypes() {
        var events = server.get("/v1/conversations/" + currentConversation() + "/events", "Authorization",
                "Bearer " + KEY).json().get("data");
        List<String> out = new java.util.ArrayList<>();
        events.forEach(e -> out.add(e.get("type").asText()));
        return out;
    }

    private static String currentConversation() {
        return (String) js("return decodeURIComponent(location.hash.slice(1))");
    }

    /** r1j_num_requests_running from /metrics, waited on briefly: the cancel reaches the engine loop within a step. */
    private static int running() {
        Pattern gauge = Pattern.compile("(?m)^r1j_num_requests_running(?:\\{[^}]*})? (\\d+)");
        int value = -1;
        for (int i = 0; i < 50; i++) {
            Matcher m = gauge.matcher(server.get("/metrics").body());
            assertThat(m.find()).as("/metrics has r1j_num_requests_running").isTrue();
            value = (int) Double.parseDouble(m.group(1));
            if (value == 0) return 0;
            sleep(100);
        }
        return value;
    }

    /** One sample of /metrics: the series {@code name} whose labels contain {@code label} (0 when absent). */
    private static double metric(String name, String label) {
        Pattern sample = Pattern.compile("(?m)^" + name + "(?:\\{([^}]*)})? (\\S+)$");
        Matcher m = sample.matcher(server.get("/metrics").body());
        while (m.find()) {
            if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) return Double.parseDouble(m.group(2));
        }
        return 0;
    }

    private static Path waitForDownload(String name) {
        Path file = browserDir.resolve("downloads").resolve(name);
        for (int i = 0; i < 100 && !Files.isRegularFile(file); i++) sleep(100);
        assertThat(file).as("downloaded file").isRegularFile();
        return file;
    }

    /** The page as it is now at desktop, then phone width; the window is left at desktop width. */
    private static void screenshots(String name) throws IOException {
        screenshot(name, DESKTOP);
        browser.manage().window().setSize(PHONE);
        screenshot(name, PHONE);
        browser.manage().window().setSize(DESKTOP);
    }

    private static void screenshot(String name, Dimension size) throws IOException {
        PageScreenshot.save(browser, SCREENSHOTS.resolve(name + "-" + (size == PHONE ? "phone" : "desktop") + ".png"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
