package r1j.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-events response in OpenAI's dialect: {@code data: JSON} events, ended by {@code data: [DONE]}.
 * Every event is flushed at once. A failed write means the client went away: it surfaces as
 * {@link ClientGoneException} so the handler cancels the generation.
 */
public final class SseChannel {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    public SseChannel(Context ctx) {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        // Tells nginx-style proxies not to buffer the stream.
        ctx.header("X-Accel-Buffering", "no");
        try {
            this.out = ctx.res().getOutputStream();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    public void send(Object event) {
        byte[] json = Json.bytes(event);
        byte[] frame = new byte[DATA.length + json.length + END.length];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(json, 0, frame, DATA.length, json.length);
        System.arraycopy(END, 0, frame, DATA.length + json.length, END.length);
        write(frame);
    }

    /** An SSE comment line: clients ignore it; a failed write reveals a client that left while we waited. */
    public void keepAlive() {
        write(KEEP_ALIVE);
    }

    /** An error after the stream started, then the end; a client already gone is not an error here. */
    public void sendErrorQuietly(Object error) {
        try {
            send(error);
            done();
        } catch (ClientGoneException ignored) {
            // Nobody left to tell.
        }
    }

    public void done() {
        write(DONE);
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** The client closed the connection mid-stream. */
    public static final class ClientGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGoneException(IOException cause) {
            super("the client closed the connection", cause);
        }
    }
}
