package r1j.agent.http;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hosts one tool may reach (before the special-address check, which applies to all): the hosts of its own
 * URL, or any host for a tool whose purpose is fetching what the model names ({@code fetch_url}). The allowlist
 * adds to either.
 */
public record Reach(Set<String> hosts, boolean anyHostAllowed) {
    public Reach {
        hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static Reach ownHosts(Set<String> hosts) {
        return new Reach(hosts, false);
    }

    public static Reach anyPublicHost() {
        return new Reach(Set.of(), true);
    }

    boolean permits(String host, int port, HostAllowlist allow) {
        return anyHostAllowed || hosts.contains(host.toLowerCase(Locale.ROOT)) || allow.allowsHost(host, port);
    }
}
