package r1j.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (a bad URL escape, a NUL in a header, a URI or headers over the limits, a request
 * that never reached a route) as OpenAI's error JSON instead of Jetty's HTML page, so that a client gets the same
 * shape from every failure.
 */
public final class JsonErrorPages extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] body = json(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The body of an answer to a request that could not even be parsed (Jetty writes it itself). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(json(status, reason));
    }

    private static byte[] json(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        boolean bare = message == null || message.isBlank() || message.equals(reason);
        // Jetty gives no detail for a URL it cannot decode; say where to look.
        if (bare && status == 400) message = "the request line or a header could not be parsed (e.g. a bad %-escape)";
        String text = message == null || message.isBlank() || message.equals(reason) ? reason : reason + ": " + message;
        return Json.bytes(ErrorMapper.body(new ApiException.Protocol(status, text)));
    }
}
