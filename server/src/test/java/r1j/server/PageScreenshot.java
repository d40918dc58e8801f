package r1j.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Saves what the browser shows, once the page has settled after a resize. */
final class PageScreenshot {
    /**
     * A resize to phone width slides the conversation list away (a 0.2 s CSS transition); a screenshot taken at once
     * shows the list half across the page.
     */
    private static final long SETTLE_MILLIS = 300;

    private PageScreenshot() {}

    static void save(WebDriver browser, Path file) throws IOException {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
