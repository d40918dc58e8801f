package r1j.agent.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The connection manager's resolver: resolves once, refuses the host when any of its addresses is special and not
 * allowlisted, and hands the client exactly the addresses it checked, so the socket never connects to an address
 * that a second lookup produced (DNS rebinding). IP literals come through here too and get the same check.
 */
final class CheckingDnsResolver implements DnsResolver {
    /** A port no allowlist entry names: a lookup without a port is exempted only by an any-port entry. */
    private static final int NO_PORT = 0;

    private final HostResolver resolver;
    private final HostAllowlist allow;

    CheckingDnsResolver(HostResolver resolver, HostAllowlist allow) {
        this.resolver = resolver;
        this.allow = allow;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : checked(host, port)) out.add(new InetSocketAddress(a, port));
        return out;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return checked(host, NO_PORT);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    private InetAddress[] checked(String host, int port) throws UnknownHostException {
        InetAddress literal = HostAllowlist.literal(host);
        InetAddress[] addresses = literal != null ? new InetAddress[] {literal} : resolver.resolve(host);
        if (addresses == null || addresses.length == 0) throw new UnknownHostException(host + " has no address");
        for (InetAddress a : addresses) {
            String kind = SpecialAddresses.kind(a);
            if (kind != null && !allow.exempts(host, a, port)) {
                String where = literal != null ? host : host + " resolves to " + a.getHostAddress() + ", which";
                throw new AddressRefusedException(where + " is a " + kind
                        + " address; tools may reach it only when --tools-allow lists it");
            }
        }
        return addresses;
    }
}
