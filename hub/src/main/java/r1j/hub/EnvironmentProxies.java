package r1j.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies as curl and Python's requests take them from the environment: {@code HTTPS_PROXY} for https URLs,
 * {@code HTTP_PROXY} for http (lower-case names too), except hosts listed in {@code NO_PROXY} (comma separated;
 * an entry matches the host itself and its subdomains, a leading dot is optional, {@code *} matches every host).
 * The JDK reads only its own system properties, so without this a user's proxy would be ignored.
 */
final class EnvironmentProxies extends ProxySelector {
    private final URI httpsProxy;
    private final URI httpProxy;
    private final List<String> noProxy;

    private EnvironmentProxies(URI httpsProxy, URI httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    static EnvironmentProxies from(Map<String, String> env) {
        String noProxy = either(env, "NO_PROXY");
        return new EnvironmentProxies(proxyUri(either(env, "HTTPS_PROXY")), proxyUri(either(env, "HTTP_PROXY")),
                noProxy == null ? List.of() : Arrays.stream(noProxy.split(","))
                        .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList());
    }

    @Override
    public List<Proxy> select(URI uri) {
        URI proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (proxy == null || bypassed(uri.getHost())) return List.of(Proxy.NO_PROXY);
        int port = proxy.getPort() > 0 ? proxy.getPort() : ("https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80);
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    boolean bypassed(String host) {
        if (host == null) return true;
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            if (entry.equals("*")) return true;
            String name = entry.startsWith(".") ? entry.substring(1) : entry;
            int colon = name.lastIndexOf(':');
            if (colon > 0 && name.indexOf(':') == colon) name = name.substring(0, colon);   // host:port, not IPv6
            if (h.equals(name) || h.endsWith("." + name)) return true;
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // Nothing to fall back to: the request fails with the connection error.
    }

    private static String either(Map<String, String> env, String name) {
        String upper = env.get(name);
        if (upper != null && !upper.isBlank()) return upper.strip();
        String lower = env.get(name.toLowerCase(Locale.ROOT));
        return lower != null && !lower.isBlank() ? lower.strip() : null;
    }

    private static URI proxyUri(String value) {
        if (value == null) return null;
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (uri.getHost() == null) throw new IllegalArgumentException("cannot read the proxy address '" + value + "'");
        return uri;
    }
}
