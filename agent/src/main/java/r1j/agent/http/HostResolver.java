package r1j.agent.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name to addresses: the system's DNS, or a fixed table in tests (a public-looking name that points at loopback). */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
