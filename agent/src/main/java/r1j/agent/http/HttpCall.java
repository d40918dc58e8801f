package r1j.agent.http;

import java.net.URI;
import java.util.Map;

/**
 * One request a tool makes.
 *
 * @param headers sent as given; values may be secrets and are never logged or put in an error message
 * @param body    the JSON body, or null for none
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, String body) {
    public HttpCall {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return method + " " + uri + " (" + headers.size() + " headers)";
    }
}
