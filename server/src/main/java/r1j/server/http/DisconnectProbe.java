package r1j.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import r1j.dialogue.TurnListener;

/**
 * Notices, without writing anything, that the client of a non-streamed answer closed its connection, so the
 * generation (or a conversation's turn, stored as incomplete) can be cancelled instead of running to its end for
 * nobody. A stream notices on its next write instead.
 *
 * <p>While a handler runs, Jetty does not read the connection (the request body is consumed), so a client's close
 * goes unseen until the response is written. The probe does a non-blocking read of the connection: end-of-stream
 * means the client is gone, nothing means it is waiting. A byte that does arrive (a pipelined request, which no
 * OpenAI client sends) cannot be put back: the response then closes the connection, and probing stops.
 */
public final class DisconnectProbe {
    /** How often at most the connection is read: a decode step of the 1.5B model is longer. */
    public static final long INTERVAL_NANOS = 20_000_000;

    private final EndPoint endPoint;
    private final Context ctx;
    private final ByteBuffer scratch = ByteBuffer.allocate(1);
    private long lastProbe = System.nanoTime();
    private boolean active;
    private boolean gone;

    private DisconnectProbe(Context ctx, EndPoint endPoint) {
        this.ctx = ctx;
        this.endPoint = endPoint;
        this.active = endPoint != null;
    }

    public static DisconnectProbe of(Context ctx) {
        return new DisconnectProbe(ctx, endPoint(ctx));
    }

    /** The connection under {@code ctx}'s request, or null when it is not Jetty's. */
    static EndPoint endPoint(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /** Throws {@link SseChannel.ClientGoneException} when the client has closed the connection. */
    public void check() {
        if (clientGone()) throw new SseChannel.ClientGoneException(new IOException("the client closed the connection"));
    }

    /**
     * True once the client has closed the connection (probed at most every {@link #INTERVAL_NANOS}); the dialogue
     * polls it from its own thread, hence synchronized.
     */
    public synchronized boolean clientGone() {
        if (gone || !active) return gone;
        long now = System.nanoTime();
        if (now - lastProbe < INTERVAL_NANOS) return false;
        lastProbe = now;
        scratch.clear().flip(); // Jetty fills from the limit on: an empty buffer in flush mode
        try {
            int read = endPoint.fill(scratch);
            if (read < 0) gone = true;
            if (read > 0) {
                active = false;
                ctx.header("Connection", "close");
            }
        } catch (IOException e) {
            gone = true;
        }
        return gone;
    }

    /** For a conversation turn answered at the end: the service polls it and stops the reply when the client left. */
    public TurnListener turnListener() {
        return new TurnListener() {
            @Override
            public boolean isCancelled() {
                return clientGone();
            }
        };
    }
}
