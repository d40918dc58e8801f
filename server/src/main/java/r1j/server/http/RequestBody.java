package r1j.server.http;

import io.javalin.config.Key;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;

/**
 * Reads a request body, turning the ways a client can fail to send it into client errors: a body that ends before
 * its {@code Content-Length} (the client closed the connection) is a 400, one that stalls past the idle timeout a
 * 408; one still arriving after the body timeout has its connection closed. Each is logged in one line: they say something about the network, not
 * about a bug, so no stack trace.
 */
public final class RequestBody {
    private static final Logger LOG = Logger.getLogger(RequestBody.class.getName());
    /** {@link ServerConfig#bodyTimeout()}, as the server's app data. */
    public static final Key<Duration> TIMEOUT = new Key<>("r1j.body-timeout");
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("r1j-body-deadlines").daemon().factory());

    private RequestBody() {}

    public static byte[] read(Context ctx) {
        ScheduledFuture<?> deadline = deadline(ctx);
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e; // Javalin's own answer, e.g. 413 for a body over the limit
        } catch (Exception e) {
            // Javalin is written in Kotlin: Jetty's IOExceptions reach here undeclared.
            ApiException answer = classify(e, true);
            if (answer == null) throw e;
            throw logged(ctx, e, answer);
        } finally {
            if (deadline != null) deadline.cancel(false);
        }
    }

    /**
     * Closes the connection if the body has not arrived within {@link ServerConfig#bodyTimeout()}: a body trickled a
     * byte at a time never trips the idle timeout. The blocked read then fails like a stalled one (a 408 nobody
     * reads).
     */
    private static ScheduledFuture<?> deadline(Context ctx) {
        Duration timeout = ctx.appData(TIMEOUT);
        EndPoint endPoint = DisconnectProbe.endPoint(ctx);
        if (endPoint == null) return null;
        return DEADLINES.schedule(() -> endPoint.close(new TimeoutException("the request body took longer than "
                + timeout.toSeconds() + " s (--body-timeout)")), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The client error that a failure while reading {@code ctx}'s body means, logged in one line; null when it is
     * not one (a server bug). {@link ErrorMapper} asks too, for handlers that read the body themselves.
     */
    static ApiException clientFailure(Context ctx, Exception e) {
        ApiException answer = classify(e, false);
        return answer == null ? null : logged(ctx, e, answer);
    }

    private static ApiException logged(Context ctx, Exception e, ApiException answer) {
        LOG.info(answer.status() + " " + ctx.method() + " " + ctx.path() + " from " + ctx.ip() + ": "
                + answer.getMessage() + " (" + e.getClass().getSimpleName() + ")");
        return answer;
    }

    /**
     * The client error that {@code e} means, or null when it is not one. Jetty's own end-of-stream and HTTP
     * exceptions always are; any other I/O error only when it surely came from reading the body.
     */
    private static ApiException classify(Throwable e, boolean readingBody) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if ((readingBody && t instanceof TimeoutException) || (t instanceof HttpException h && h.getCode() == 408)) {
                return timedOut();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() > 400 && h.getCode() < 500) {
                return new ApiException.BadRequest("the request body could not be read: " + h.getReason(), null);
            }
            if (t instanceof EofException || (t instanceof HttpException h && h.getCode() == 400)
                    || (readingBody && t instanceof IOException)) {
                return new ApiException.BadRequest("the request body ended before its Content-Length (the client closed"
                        + " the connection or sent a shorter body than it declared)", null);
            }
        }
        return null;
    }

    private static ApiException timedOut() {
        return new ApiException.RequestTimeout("the request body did not arrive in time (it stalled past"
                + " --idle-timeout or took longer than --body-timeout)");
    }
}
