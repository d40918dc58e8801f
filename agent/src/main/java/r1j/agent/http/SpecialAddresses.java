package r1j.agent.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Address ranges that are not the public internet: a tool reaches them only when the address or its host is
 * allowlisted. IPv4 ranges from RFC 6890 and its updates; IPv6 transition forms that embed an IPv4 address (6to4,
 * NAT64) are judged by the address they embed, IPv4-mapped and IPv4-compatible forms are refused outright.
 */
public final class SpecialAddresses {
    private record Range(byte[] network, int bits, String kind) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) return false;
            }
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", "this-network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignment"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("::ffff:0:0/96", "IPv4-mapped"),
            range("::/96", "IPv4-compatible"),
            range("100::/64", "discard-only"),
            range("2001::/32", "Teredo"),
            range("2001:db8::/32", "documentation"),
            range("fc00::/7", "unique local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    private static final Range NAT64 = range("64:ff9b::/96", "NAT64");
    private static final Range SIX_TO_FOUR = range("2002::/16", "6to4");

    private SpecialAddresses() {}

    /** The kind of special range {@code address} is in ("loopback", "private", ...), or null for a public one. */
    public static String kind(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            if (NAT64.contains(bytes)) return embedded(Arrays.copyOfRange(bytes, 12, 16), "NAT64");
            if (SIX_TO_FOUR.contains(bytes)) return embedded(Arrays.copyOfRange(bytes, 2, 6), "6to4");
        }
        for (Range r : RANGES) {
            if (r.contains(bytes)) return r.kind();
        }
        return null;
    }

    private static String embedded(byte[] ipv4, String form) {
        for (Range r : RANGES) {
            if (r.contains(ipv4)) return r.kind() + " (in " + form + " form)";
        }
        return null;
    }

    private static Range range(String cidr, String kind) {
        int slash = cidr.indexOf('/');
        String network = cidr.substring(0, slash);
        // IPv6 networks are expanded by hand: InetAddress hands "::ffff:0:0" back as a 4-byte IPv4 address.
        byte[] bytes = network.contains(":") ? expand(network) : InetAddress.ofLiteral(network).getAddress();
        return new Range(bytes, Integer.parseInt(cidr.substring(slash + 1)), kind);
    }

    /** Hex-group IPv6 notation (no dotted IPv4 tail) as its 16 bytes. */
    private static byte[] expand(String literal) {
        String[] halves = literal.split("::", -1);
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length < 2 || halves[1].isEmpty() ? new String[0] : halves[1].split(":");
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) put(out, i, head[i]);
        for (int i = 0; i < tail.length; i++) put(out, 8 - tail.length + i, tail[i]);
        return out;
    }

    private static void put(byte[] out, int group, String hex) {
        int v = Integer.parseInt(hex, 16);
        out[group * 2] = (byte) (v >> 8);
        out[group * 2 + 1] = (byte) v;
    }
}
