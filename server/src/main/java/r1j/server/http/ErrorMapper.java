package r1j.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.logging.Level;
import java.util.logging.Logger;
import r1j.engine.sampling.InvalidSettingException;
import r1j.engine.template.MissingChatTemplateException;
import r1j.server.protocol.ErrorResponse;

/**
 * Writes every failure as OpenAI's error JSON with the matching status. Client mistakes arrive as
 * {@link ApiException}s (or Javalin's own responses, e.g. 413 for a body over the limit); anything else is a server
 * bug: logged with its stack trace and answered 500 without internals.
 */
public final class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {}

    public static void handle(Exception e, Context ctx) {
        // The response is already committed and nobody is reading it.
        if (e instanceof SseChannel.ClientGoneException) return;
        ApiException api = switch (e) {
            case ApiException a -> a;
            // A generation setting out of range, found by the engine's resolver: it names its field.
            case InvalidSettingException s -> new ApiException.BadRequest(s.getMessage(), s.field(), s.code());
            case HttpResponseException h -> fromJavalin(h, ctx);
            // The model file has no chat template: a fact about this server the client should read, not a crash.
            case MissingChatTemplateException m -> new ApiException.BadRequest(m.getMessage(), null, "chat_template_missing");
            default -> {
                ApiException client = RequestBody.clientFailure(ctx, e);
                if (client != null) yield client;
                LOG.log(Level.SEVERE, "internal error on " + ctx.method() + " " + ctx.path(), e);
                yield new ApiException.Internal("internal server error: " + e.getClass().getSimpleName()
                        + " (see the server log)");
            }
        };
        write(ctx, api);
    }

    /** Marks a response whose error JSON is written, so the 404 error page does not replace it. */
    public static final String WRITTEN = "r1j.error-written";

    public static void write(Context ctx, ApiException e) {
        ctx.attribute(WRITTEN, Boolean.TRUE);
        if (e.status() == 503) ctx.header("Retry-After", "1");
        Json.write(ctx, e.status(), body(e));
    }

    /** The error JSON of {@code e}: for errors reported inside an event stream, after the 200 went out. */
    public static ErrorResponse body(ApiException e) {
        return new ErrorResponse(new ErrorResponse.Error(e.getMessage(), e.type(), e.param(), e.code()));
    }

    private static ApiException fromJavalin(HttpResponseException h, Context ctx) {
        return switch (h.getStatus()) {
            case 413 -> new ApiException.PayloadTooLarge("the request body is larger than the server accepts ("
                    + "--max-request-bytes): " + h.getMessage());
            case 404 -> routeNotFound(ctx);
            case 405 -> methodNotAllowed(h, ctx);
            case 401 -> new ApiException.Unauthorized(h.getMessage());
            case 503 -> new ApiException.Overloaded(h.getMessage());
            default -> h.getStatus() >= 500
                    ? new ApiException.Internal(h.getMessage())
                    : new ApiException.BadRequest(h.getMessage(), null);
        };
    }

    /** Javalin lists the route's methods in the details; they become the {@code Allow} header as well. */
    private static ApiException methodNotAllowed(HttpResponseException h, Context ctx) {
        String allowed = h.getDetails().getOrDefault("availableMethods", "");
        if (!allowed.isEmpty()) ctx.header("Allow", allowed);
        return new ApiException.MethodNotAllowed("method " + ctx.method() + " is not allowed on " + ctx.path()
                + (allowed.isEmpty() ? "" : " (allowed: " + allowed + ")"));
    }

    public static ApiException routeNotFound(Context ctx) {
        return new ApiException.NotFound("no route " + ctx.method() + " " + ctx.path()
                + " (see GET /v1/models, POST /v1/chat/completions, POST /v1/completions)", null, "route_not_found");
    }
}
