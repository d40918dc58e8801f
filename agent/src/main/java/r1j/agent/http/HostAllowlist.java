package r1j.agent.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --tools-allow HOST[:PORT],...}: hosts every HTTP tool may reach besides its own, and the only way to let a
 * tool reach a special address (private, loopback, ...). A host is a DNS name or an IP literal (IPv6 in brackets
 * when a port follows: {@code [::1]:8080}); without a port every port matches. A name entry exempts the addresses
 * that name resolves to; an IP entry exempts that address whatever name led to it.
 */
public final class HostAllowlist {
    /** @param port -1 for any port */
    record Entry(String host, InetAddress address, int port) {
        boolean portMatches(int p) {
            return port < 0 || port == p;
        }

        @Override
        public String toString() {
            String h = address != null && host.contains(":") ? "[" + host + "]" : host;
            return port < 0 ? h : h + ":" + port;
        }
    }

    private static final HostAllowlist NONE = new HostAllowlist(List.of());

    private final List<Entry> entries;

    private HostAllowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static HostAllowlist none() {
        return NONE;
    }

    /**
     * Reads {@code HOST[:PORT],...}; blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the entry that does not read
     */
    public static HostAllowlist parse(String spec) {
        if (spec == null || spec.isBlank()) return NONE;
        List<Entry> entries = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (!item.isEmpty()) entries.add(entry(item));
        }
        return new HostAllowlist(entries);
    }

    private static Entry entry(String item) {
        String host;
        String port = null;
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close < 0) throw bad(item, "an IPv6 address opened with '[' needs its ']'");
            host = item.substring(1, close);
            String rest = item.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw bad(item, "expected ':PORT' after ']'");
                port = rest.substring(1);
            }
        } else if (item.indexOf(':') != item.lastIndexOf(':')) {
            host = item; // a bare IPv6 address: no port
        } else {
            int colon = item.indexOf(':');
            host = colon < 0 ? item : item.substring(0, colon);
            port = colon < 0 ? null : item.substring(colon + 1);
        }
        if (host.isEmpty()) throw bad(item, "the host is empty");
        InetAddress address = literal(host);
        if (address == null && (host.contains(":") || !host.matches("[A-Za-z0-9._-]+"))) {
            throw bad(item, "'" + host + "' is neither a host name nor an IP address");
        }
        int p = -1;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = 0;
            }
            if (p < 1 || p > 65535) throw bad(item, "the port must be 1 to 65535, got '" + port + "'");
        }
        String name = address != null ? address.getHostAddress() : host.toLowerCase(Locale.ROOT);
        return new Entry(name, address, p);
    }

    private static IllegalArgumentException bad(String item, String why) {
        return new IllegalArgumentException("--tools-allow entry '" + item + "': " + why
                + " (expected HOST[:PORT], e.g. api.example.com, 127.0.0.1:8081 or [::1]:8081)");
    }

    /** The address when {@code host} is an IP literal (no DNS lookup ever), else null. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.contains(":") && !h.matches("[0-9.]+")) return null;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code host} (as written in a URL) on {@code port} is listed. */
    public boolean allowsHost(String host, int port) {
        InetAddress address = literal(host);
        String key = address != null ? address.getHostAddress() : host.toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            if (e.portMatches(port) && e.host().equals(key)) return true;
        }
        return false;
    }

    /** Whether a special {@code address} that {@code host} resolved to may be reached on {@code port}. */
    public boolean exempts(String host, InetAddress address, int port) {
        if (allowsHost(host, port)) return true;
        for (Entry e : entries) {
            if (e.address() != null && e.portMatches(port) && e.address().equals(address)) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String toString() {
        return entries.stream().map(Entry::toString).reduce((a, b) -> a + "," + b).orElse("");
    }
}
