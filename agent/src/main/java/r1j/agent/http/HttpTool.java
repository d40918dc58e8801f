package r1j.agent.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolException;
import r1j.agent.tool.ToolFunction;

/**
 * A tool that is one HTTP call: the arguments fill the URL's placeholders; the others go as query parameters
 * (GET, DELETE) or as a JSON object body (POST, PUT, PATCH). The response body is the result; a status outside
 * 2xx is an error the model reads, with the start of the body.
 */
public final class HttpTool implements Tool {
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final int ERROR_BODY_CHARS = 500;

    private final ToolFunction function;
    private final String method;
    private final UrlTemplate url;
    private final Map<String, String> headers;
    private final GuardedHttpClient http;
    private final Reach reach;

    /** @param headers sent with every call; values may be secrets (never logged or shown) */
    public HttpTool(ToolFunction function, String method, UrlTemplate url, Map<String, String> headers,
            GuardedHttpClient http) {
        String m = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) throw new IllegalArgumentException("method must be one of " + METHODS);
        this.function = function;
        this.method = m;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.http = http;
        this.reach = Reach.ownHosts(Set.of(url.host()));
    }

    @Override
    public ToolFunction function() {
        return function;
    }

    @Override
    public String call(ObjectNode arguments) throws ToolException {
        boolean query = method.equals("GET") || method.equals("DELETE");
        URI uri = url.expand(arguments, query);
        String body = query ? null : url.rest(arguments).toString();
        HttpReply reply = http.send(new HttpCall(method, uri, headers, body), reach);
        if (!reply.ok()) {
            String start = reply.body().length() > ERROR_BODY_CHARS
                    ? reply.body().substring(0, ERROR_BODY_CHARS) + "..." : reply.body();
            throw new ToolException("HTTP " + reply.status() + " from " + reply.uri().getHost()
                    + (start.isBlank() ? "" : ": " + start.strip()));
        }
        return reply.body();
    }

    @Override
    public String toString() {
        return function.name() + " (" + method + " " + url + ")";
    }
}
