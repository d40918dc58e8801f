package r1j.agent.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import r1j.agent.tool.ToolException;

/**
 * Makes tools' HTTP calls under the rules of {@link r1j.agent.http}: the host must be within the tool's
 * {@link Reach}, its resolved addresses must pass {@link SpecialAddresses} (checked by the connection's own
 * resolver), redirects are followed here, one checked hop at a time, and the whole call is bounded by
 * {@link HttpLimits}. No system proxy, no cookies, no automatic retries. Shared by all tools; thread-safe.
 */
public final class GuardedHttpClient implements AutoCloseable {
    private static final int READ_CHUNK = 8192;

    private final HostAllowlist allow;
    private final HttpLimits limits;
    private final CloseableHttpClient client;

    public GuardedHttpClient(HostAllowlist allow, HostResolver resolver, HttpLimits limits) {
        this.allow = allow;
        this.limits = limits;
        Timeout timeout = Timeout.of(limits.timeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckingDnsResolver(resolver, allow))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("r1j-agent")
                .build();
    }

    public HostAllowlist allowlist() {
        return allow;
    }

    public HttpLimits limits() {
        return limits;
    }

    /**
     * Sends {@code call}, following redirects within {@code reach}.
     *
     * @throws ToolException when a hop is refused, fails, is too slow or too large; the message names the URL and
     *                       the reason, never a header value
     */
    public HttpReply send(HttpCall call, Reach reach) throws ToolException {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        String method = call.method();
        String body = call.body();
        Map<String, String> headers = call.headers();
        URI uri = call.uri();
        for (int redirects = 0; ; redirects++) {
            check(uri, reach);
            Hop hop = exchange(method, uri, headers, body, deadline);
            if (hop.location() == null) return hop.reply();
            if (redirects == limits.maxRedirects()) {
                throw new ToolException(call.method() + " " + call.uri() + " redirected more than "
                        + limits.maxRedirects() + " times");
            }
            URI next = redirectTarget(uri, hop.location());
            // 307 and 308 repeat the request as it was; the others turn it into a GET without a body.
            if (hop.reply().status() != 307 && hop.reply().status() != 308) {
                method = "GET";
                body = null;
            }
            // The tool's headers (API keys) go to its own origin only, as browsers drop credentials cross-origin.
            if (!sameOrigin(uri, next)) headers = Map.of();
            uri = next;
        }
    }

    /** The scheme and host rules, on the URL as written (the address rules run when the connection resolves it). */
    private void check(URI uri, Reach reach) throws ToolException {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ToolException(uri + ": only http and https URLs can be fetched");
        }
        if (uri.getHost() == null) throw new ToolException(uri + ": the URL has no host");
        if (uri.getRawUserInfo() != null) {
            throw new ToolException("a URL with credentials (user:password@" + uri.getHost() + ") is refused");
        }
        int port = port(uri);
        if (!reach.permits(uri.getHost(), port, allow)) {
            throw new ToolException(uri.getHost() + (uri.getPort() < 0 ? "" : ":" + port)
                    + " is not a host this tool may reach (its own URL's host"
                    + (allow.isEmpty() ? "" : ", or --tools-allow " + allow) + ")");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) return uri.getPort();
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** One request's outcome: the response, and where it redirects to (null when it does not). */
    private record Hop(HttpReply reply, String location) {}

    private Hop exchange(String method, URI uri, Map<String, String> headers, String body, long deadline)
            throws ToolException {
        long left = remaining(deadline, method, uri);
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach(request::addHeader);
        if (body != null) request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        request.setConfig(RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(left, TimeUnit.NANOSECONDS))
                .setConnectionRequestTimeout(Timeout.of(left, TimeUnit.NANOSECONDS))
                .build());
        try {
            return client.execute(request, response -> read(response, uri, deadline));
        } catch (AddressRefusedException e) {
            throw new ToolException(method + " " + uri + " refused: " + e.getMessage());
        } catch (ResponseTooLarge e) {
            throw new ToolException(method + " " + uri + ": " + e.getMessage());
        } catch (InterruptedIOException e) {
            throw new ToolException(method + " " + uri + " timed out after " + limits.timeout().toMillis() + " ms");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ToolException(method + " " + uri + " failed: " + why);
        }
    }

    private long remaining(long deadline, String method, URI uri) throws ToolException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new ToolException(method + " " + uri + " timed out after " + limits.timeout().toMillis() + " ms");
        }
        return left;
    }

    private Hop read(ClassicHttpResponse response, URI uri, long deadline) throws IOException {
        int status = response.getCode();
        if (status >= 300 && status < 400 && status != 304) {
            Header location = response.getFirstHeader("Location");
            if (location != null) return new Hop(new HttpReply(status, uri, "", ""), location.getValue());
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) return new Hop(new HttpReply(status, uri, "", ""), null);
        if (entity.getContentLength() > limits.maxResponseBytes()) {
            throw new ResponseTooLarge("the response is " + entity.getContentLength() + " bytes, over the limit of "
                    + limits.maxResponseBytes());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = entity.getContent()) {
            byte[] chunk = new byte[READ_CHUNK];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (bytes.size() + (long) n > limits.maxResponseBytes()) {
                    throw new ResponseTooLarge("the response is over the limit of " + limits.maxResponseBytes()
                            + " bytes");
                }
                bytes.write(chunk, 0, n);
                if (System.nanoTime() > deadline) {
                    throw new InterruptedIOException("reading the response took too long");
                }
            }
        }
        String contentType = entity.getContentType() == null ? "" : entity.getContentType();
        Charset charset = StandardCharsets.UTF_8;
        try {
            ContentType parsed = ContentType.parseLenient(contentType);
            if (parsed != null && parsed.getCharset() != null) charset = parsed.getCharset();
        } catch (RuntimeException e) {
            // An unknown charset name: read it as UTF-8 rather than fail the call.
        }
        return new Hop(new HttpReply(status, uri, contentType, bytes.toString(charset)), null);
    }

    private static URI redirectTarget(URI from, String location) throws ToolException {
        try {
            return from.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ToolException(from + " redirected to an unreadable location: " + location);
        }
    }

    private static final class ResponseTooLarge extends IOException {
        ResponseTooLarge(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Closing idle pooled connections; nothing to recover.
        }
    }
}
