package r1j.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import r1j.server.http.Webjars;

/**
 * {@code GET /}: the web chat's HTML page. Its own scripts and styles are static files under {@code /web/}; the
 * libraries come from webjars, whose versioned paths are filled into the page here (an import map and a few links),
 * so no CDN is needed and upgrading a library is a pom change only. The page loads without the API key; every API
 * call it makes sends the key the user typed.
 */
public final class WebChatPage {
    /** Classpath folder of the page's own files, served under {@value #HOSTED_PATH}. */
    public static final String RESOURCES = "/r1j/server/web";
    public static final String HOSTED_PATH = "/web";

    private final String html;

    public WebChatPage() {
        String template = read(RESOURCES + "/index.html");
        Map<String, String> libraries = Map.of(
                "{{katex}}", Webjars.base("org.webjars.npm", "katex"),
                "{{marked}}", Webjars.base("org.webjars.npm", "marked"),
                "{{dompurify}}", Webjars.base("org.webjars.npm", "dompurify"),
                "{{highlightjs}}", Webjars.base("org.webjars", "highlightjs"));
        for (Map.Entry<String, String> e : libraries.entrySet()) template = template.replace(e.getKey(), e.getValue());
        Matcher unknown = Pattern.compile("\\{\\{[^}]*}}").matcher(template);
        if (unknown.find()) throw new IllegalStateException("index.html names a library this page does not know: " + unknown.group());
        this.html = template;
    }

    public void page(Context ctx) {
        ctx.status(200).contentType("text/html; charset=utf-8").result(html);
    }

    private static String read(String resource) {
        try (InputStream in = WebChatPage.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the server jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
