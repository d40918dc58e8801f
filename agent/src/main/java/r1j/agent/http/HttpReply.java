package r1j.agent.http;

import java.net.URI;

/**
 * A response, read whole within the limits.
 *
 * @param uri         where it came from after redirects
 * @param contentType the Content-Type header, "" when absent
 */
public record HttpReply(int status, URI uri, String contentType, String body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
