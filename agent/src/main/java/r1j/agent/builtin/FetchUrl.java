package r1j.agent.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;
import r1j.agent.http.GuardedHttpClient;
import r1j.agent.http.HttpCall;
import r1j.agent.http.HttpReply;
import r1j.agent.http.Reach;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolException;
import r1j.agent.tool.ToolFunction;

/**
 * {@code fetch_url}: GETs a page the model names and returns its text: HTML is parsed by jsoup and reduced to its
 * title and visible text (scripts, styles, navigation and footers dropped, one line per block); plain text, JSON and
 * XML come back as they are. Any public host may be fetched (that is the tool's job); special addresses only when
 * allowlisted, as for every HTTP tool.
 */
public final class FetchUrl implements Tool {
    public static final String NAME = "fetch_url";

    private final ToolFunction function;
    private final GuardedHttpClient http;

    public FetchUrl(ToolFunction function, GuardedHttpClient http) {
        this.function = function;
        this.http = http;
    }

    public static ToolFunction defaultFunction(String name) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("type", "object");
        parameters.putObject("properties").putObject("url").put("type", "string")
                .put("description", "An absolute http:// or https:// URL");
        parameters.putArray("required").add("url");
        return new ToolFunction(name, "Fetches a web page (GET) and returns its text.", parameters);
    }

    @Override
    public ToolFunction function() {
        return function;
    }

    @Override
    public String call(ObjectNode arguments) throws ToolException {
        JsonNode url = arguments.get("url");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw new ToolException("'url' must be a string such as \"https://example.org/\"");
        }
        URI uri;
        try {
            uri = new URI(url.asText().strip());
        } catch (URISyntaxException e) {
            throw new ToolException("'" + url.asText() + "' is not a URL: " + e.getMessage());
        }
        HttpReply reply = http.send(new HttpCall("GET", uri, Map.of("Accept", "text/html, text/plain;q=0.9, */*;q=0.5"),
                null), Reach.anyPublicHost());
        if (!reply.ok()) throw new ToolException("HTTP " + reply.status() + " from " + reply.uri());
        String type = reply.contentType().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.contains("html")) return pageText(Jsoup.parse(reply.body(), reply.uri().toString()));
        if (type.startsWith("text/") || type.contains("json") || type.contains("xml")) return reply.body();
        throw new ToolException(reply.uri() + " is " + type + ", not text; fetch_url reads HTML and text only");
    }

    /** The title, then the visible text with a line break after each block element. */
    static String pageText(Document page) {
        page.select("script, style, noscript, template, svg, iframe, nav, footer").remove();
        StringBuilder out = new StringBuilder();
        if (!page.title().isBlank()) out.append(page.title().strip()).append("\n\n");
        Element body = page.body();
        if (body == null) return out.toString().strip();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    String t = text.text();
                    if (!t.isBlank()) {
                        if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))) out.append(' ');
                        out.append(t.strip());
                    }
                } else if (node instanceof Element e && e.nameIs("br")) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock() && !out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
            }
        });
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
