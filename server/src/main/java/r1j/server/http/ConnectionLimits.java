package r1j.server.http;

import java.time.Duration;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;

/**
 * What a client may hold of the server at the connection level, so that clients that connect and then stall (a
 * slowloris) cannot exhaust the file descriptors: a connection silent for the idle timeout is
 * closed (a stalled body gets a 408 first), and at most the configured number of connections are open (further ones
 * wait in the listen backlog, which the idle timeout drains).
 *
 * <p>Jetty's minimum request data rate is not used: it measures from the connection's previous activity, so a small
 * body on a reused keep-alive connection would fail it.
 *
 * <p>The idle timeout does not cut a request being answered: while a handler computes without reading or writing,
 * Jetty 12 ignores the connection's idle time (a non-streamed R1 answer may think for minutes), and streams send a
 * keep-alive every second.
 */
public final class ConnectionLimits {
    private ConnectionLimits() {}

    public static void configure(HttpConfiguration http, Duration idleTimeout) {
        http.setIdleTimeout(idleTimeout.toMillis());
    }

    public static void configure(Server server, int maxConnections, Duration idleTimeout) {
        NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections, server);
        // At the cap, idle connections are the first to go.
        limit.setEndPointIdleTimeout(Math.min(idleTimeout.toMillis(), 5_000));
        server.addBean(limit);
        server.setErrorHandler(new JsonErrorPages());
    }

    /** Connectors exist only once Javalin started; the idle timeout is theirs. */
    public static void configureConnectors(Server server, Duration idleTimeout) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof AbstractConnector ac) ac.setIdleTimeout(idleTimeout.toMillis());
        }
    }
}
