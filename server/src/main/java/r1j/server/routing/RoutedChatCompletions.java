package r1j.server.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import r1j.router.decide.EdgeAnswer;
import r1j.router.decide.RequestFeatures;
import r1j.router.decide.RouteDecision;
import r1j.router.upstream.UpstreamFailure;
import r1j.router.upstream.UpstreamReply;
import r1j.router.upstream.UpstreamStream;
import r1j.server.http.Json;
import r1j.server.http.RequestBody;

/**
 * {@code POST /v1/chat/completions} with a router in front of the local handler (the edge). Decides before
 * generating; a centre that fails falls back to the edge; a non-streamed edge answer showing an escalation signal is
 * asked of the centre again. Streams are decided up front and relayed byte for byte, never escalated (the client
 * has the edge's tokens already). Every answer carries the decision in the {@code x-r1j-route} header, and
 * non-streamed ones also in a {@code route} field.
 *
 * <p>Requests naming a stored {@code conversation} stay on the edge: their history and state live in this server's
 * store, which an upstream cannot see.
 */
public final class RoutedChatCompletions implements Handler {
    public static final String HEADER = "x-r1j-route";
    /**
     * Request attribute: the edge computes token logprobs although the client asked for none (the low-logprob
     * escalation signal reads them; they are removed again before the client sees the answer).
     */
    public static final String WANTS_LOGPROBS = "r1j.route.wants-logprobs";

    private final Handler edge;
    private final RouteSetup setup;
    private final Consumer<String> modelCheck;

    /**
     * @param modelCheck throws for a {@code model} this server does not serve: a request the edge would refuse is
     *                   refused the same way before it could reach the centre
     */
    public RoutedChatCompletions(Handler edge, RouteSetup setup, Consumer<String> modelCheck) {
        this.edge = edge;
        this.setup = setup;
        this.modelCheck = modelCheck;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ObjectNode request = parse(ctx);
        if (request == null) {
            // Not a JSON object: the edge's handler gives the exact 400 (or 415) every other request would get.
            edge.handle(ctx);
            return;
        }
        modelCheck.accept(request.path("model").isTextual() ? request.get("model").asText() : null);
        RequestFeatures features = RequestFeatures.of(request);
        RouteDecision decision = setup.router().decide(features);
        if (request.hasNonNull("conversation")) decision = decision.toEdge("unrouted_conversation");
        if (decision.target() == RouteDecision.Target.CENTRE) {
            try {
                if (features.stream()) {
                    relay(ctx, setup.centre().stream(request), decision);
                } else {
                    answerFromCentre(ctx, setup.centre().complete(request), decision, decision.reason());
                }
                return;
            } catch (UpstreamFailure e) {
                decision = decision.toEdge("fallback_" + e.reason());
                setup.metrics().fellBack(e.reason());
            }
        }
        ctx.header(HEADER, decision.header());
        boolean addedLogprobs = !features.stream() && decision.escalable() && setup.escalation().readsLogprobs()
                && !request.path("logprobs").asBoolean(false);
        if (addedLogprobs) ctx.attribute(WANTS_LOGPROBS, true);
        edge.handle(ctx);
        if (features.stream()) {
            // Usage is inside the edge's own stream; only the request is counted here.
            setup.metrics().answered("edge", 0, 0);
        } else {
            answeredByEdge(ctx, request, features, decision, addedLogprobs);
        }
    }

    /** The edge answered a whole completion: escalate it if a signal fires, else add the route and send it. */
    private void answeredByEdge(Context ctx, ObjectNode request, RequestFeatures features, RouteDecision decision,
            boolean addedLogprobs) throws IOException {
        if (ctx.statusCode() != 200) return;
        if (!(Json.MAPPER.readTree(ctx.result()) instanceof ObjectNode answer)) return;
        Optional<String> signal = decision.escalable()
                ? setup.escalation().signal(features, EdgeAnswer.of(answer)) : Optional.empty();
        if (signal.isPresent()) {
            setup.metrics().escalated(signal.get());
            try {
                answerFromCentre(ctx, setup.centre().complete(request), decision, signal.get());
                // The edge's tokens were spent all the same.
                JsonNode usage = answer.path("usage");
                setup.metrics().spent("edge", usage.path("prompt_tokens").asLong(0),
                        usage.path("completion_tokens").asLong(0));
                return;
            } catch (UpstreamFailure e) {
                // The edge's answer is still an answer: send it, saying the escalation failed.
                setup.metrics().fellBack(e.reason());
                decision = decision.toEdge(signal.get() + "_fallback_" + e.reason());
            }
        }
        if (addedLogprobs) {
            for (JsonNode choice : answer.path("choices")) {
                if (choice instanceof ObjectNode c) c.putNull("logprobs");
            }
        }
        count("edge", answer);
        answer.putPOJO("route", decision.json());
        ctx.header(HEADER, decision.header());
        Json.write(ctx, 200, answer);
    }

    private void answerFromCentre(Context ctx, UpstreamReply reply, RouteDecision decision, String reason) {
        RouteDecision routed = decision.toCentre(reply.upstream(), reason);
        count("centre", reply.body());
        reply.body().putPOJO("route", routed.json());
        ctx.header(HEADER, routed.header());
        Json.write(ctx, 200, reply.body());
    }

    /** The centre's event stream to the client unchanged, flushed as it arrives. */
    private void relay(Context ctx, UpstreamStream stream, RouteDecision decision) throws IOException {
        RouteDecision routed = decision.toCentre(stream.upstream(), decision.reason());
        StreamUsageTap usage = new StreamUsageTap();
        ctx.status(200);
        ctx.contentType(stream.contentType());
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        ctx.header(HEADER, routed.header());
        try (InputStream in = stream.body()) {
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                usage.accept(buffer, 0, n);
            }
        } catch (IOException e) {
            // The client left, or the centre broke off mid-stream: the 200 is gone, so end the stream in-band.
            endWithError(ctx, "the centre's stream broke off: " + e.getClass().getSimpleName());
        } finally {
            setup.metrics().answered("centre", usage.promptTokens(), usage.completionTokens());
        }
    }

    private static void endWithError(Context ctx, String message) {
        try {
            OutputStream out = ctx.res().getOutputStream();
            out.write(("data: {\"error\":{\"message\":\"" + message + "\",\"type\":\"upstream_error\",\"code\":502}}"
                    + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // The client is gone too.
        }
    }

    private void count(String route, JsonNode answer) {
        JsonNode usage = answer.path("usage");
        setup.metrics().answered(route, usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }

    /** The body as a JSON object, or null when it is not one (or not declared as JSON). */
    private static ObjectNode parse(Context ctx) {
        try {
            Json.requireJsonContentType(ctx.header("Content-Type"));
        } catch (RuntimeException e) {
            return null;
        }
        // A body that cannot be read (too large, too slow) fails here with the server's own error.
        byte[] body = RequestBody.read(ctx);
        try {
            return Json.MAPPER.readTree(body) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }
}
