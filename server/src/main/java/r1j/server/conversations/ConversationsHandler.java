package r1j.server.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.dialogue.ConversationService;
import r1j.dialogue.SendSettings;
import r1j.dialogue.TurnListener;
import r1j.dialogue.TurnResult;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.events.EventCodec;
import r1j.dialogue.store.ConversationPage;
import r1j.dialogue.store.ConversationRecord;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.sampling.SamplingParams;
import r1j.server.ApiException;
import r1j.server.DisconnectProbe;
import r1j.server.Json;
import r1j.server.SseChannel;
import r1j.server.protocol.SamplingFields;

/**
 * The {@code /v1/conversations} routes: server-side conversations whose state (messages, intent, slots, summary) the
 * dialogue layer keeps, so a client sends only its new message. Thin: parse, call {@link ConversationService}, write.
 */
public final class ConversationsHandler {
    private static final ObjectMapper EVENTS = EventCodec.json();
    private static final ObjectMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

    private final ConversationService service;
    private final MessageSettings settings;

    public ConversationsHandler(ConversationService service, MessageSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    /** Routes that answer 404: the server was started without a conversation store. */
    public static ConversationsHandler disabled() {
        return new ConversationsHandler(null, null);
    }

    private ConversationService service() {
        if (service == null) {
            throw new ApiException.NotFound("conversations are not enabled on this server (it has no conversation store)",
                    null, "conversations_disabled");
        }
        return service;
    }

    /** POST /v1/conversations {domain?, metadata?} */
    public void create(Context ctx) {
        CreateRequest r = ctx.body().isBlank() ? new CreateRequest(null, null) : Json.read(ctx, CreateRequest.class);
        ConversationRecord created = call(() -> service().create(domainOf(r.domain()), r.metadata() == null ? Map.of() : r.metadata()));
        Json.write(ctx, 201, conversation(created));
    }

    /** GET /v1/conversations?limit=&offset=&metadata.KEY=VALUE */
    public void list(Context ctx) {
        int limit = intParam(ctx, "limit", 20);
        int offset = intParam(ctx, "offset", 0);
        if (limit < 1 || limit > ConversationService.MAX_PAGE) {
            throw new ApiException.BadRequest("limit must be between 1 and " + ConversationService.MAX_PAGE, "limit");
        }
        if (offset < 0) throw new ApiException.BadRequest("offset must be >= 0", "offset");
        Map<String, String> filter = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (k.startsWith("metadata.") && !v.isEmpty()) filter.put(k.substring("metadata.".length()), v.getFirst());
        });
        ConversationPage page = service().list(offset, limit, filter);
        ObjectNode body = EVENTS.createObjectNode();
        body.put("object", "list");
        body.set("data", EVENTS.valueToTree(page.items().stream().map(ConversationsHandler::conversation).toList()));
        body.put("offset", page.offset());
        body.put("limit", page.limit());
        body.put("has_more", page.hasMore());
        Json.write(ctx, 200, body);
    }

    /** GET /v1/conversations/{id} */
    public void get(Context ctx) {
        var view = call(() -> service().get(ctx.pathParam("id")));
        ObjectNode body = conversation(view.conversation());
        body.set("state", EVENTS.valueToTree(view.state()));
        Json.write(ctx, 200, body);
    }

    /** GET /v1/conversations/{id}/events */
    public void events(Context ctx) {
        List<ConversationEvent> events = call(() -> service().events(ctx.pathParam("id")));
        ObjectNode body = EVENTS.createObjectNode();
        body.put("object", "list");
        body.set("data", EVENTS.valueToTree(events.stream().map(ConversationsHandler::event).toList()));
        Json.write(ctx, 200, body);
    }

    /** GET /v1/conversations/{id}/state?turn=N */
    public void state(Context ctx) {
        Integer turn = ctx.queryParam("turn") == null ? null : intParam(ctx, "turn", 0);
        if (turn != null && turn < 0) throw new ApiException.BadRequest("turn must be >= 0", "turn");
        Json.write(ctx, 200, EVENTS.valueToTree(call(() -> service().state(ctx.pathParam("id"), turn))));
    }

    /** DELETE /v1/conversations/{id} */
    public void delete(Context ctx) {
        String id = ctx.pathParam("id");
        call(() -> {
            service().delete(id);
            return null;
        });
        Json.write(ctx, 200, Map.of("id", id, "object", "conversation.deleted", "deleted", true));
    }

    /** POST /v1/conversations/{id}/rewind {turn} */
    public void rewind(Context ctx) {
        RewindRequest r = Json.read(ctx, RewindRequest.class);
        if (r.turn() == null || r.turn() < 0) throw new ApiException.BadRequest("turn must be a number >= 0", "turn");
        Json.write(ctx, 200, EVENTS.valueToTree(call(() -> service().rewind(ctx.pathParam("id"), r.turn()))));
    }

    /** POST /v1/conversations/{id}/messages {content, stream?, sampling fields...} */
    public void message(Context ctx) {
        String id = ctx.pathParam("id");
        MessageRequest r = Json.read(ctx, MessageRequest.class);
        if (r.content() == null || r.content().isBlank()) {
            throw new ApiException.BadRequest("content must be a non-empty string", "content");
        }
        SendSettings send = settings.resolve(r);
        if (!Boolean.TRUE.equals(r.stream())) {
            DisconnectProbe probe = DisconnectProbe.of(ctx);
            TurnResult result = call(() -> service().sendMessage(id, r.content(), send, probe.turnListener()));
            // A client that left is not answered; the reply is stored as incomplete.
            if (!probe.clientGone()) Json.write(ctx, 200, turn(id, result));
            return;
        }
        SseChannel sse = new SseChannel(ctx);
        StreamingTurn listener = new StreamingTurn(sse, id);
        try {
            TurnResult result = call(() -> service().sendMessage(id, r.content(), send, listener));
            if (listener.gone()) return;
            sse.send(turn(id, result));
            sse.done();
        } catch (ApiException e) {
            if (!listener.started()) throw e;  // nothing sent yet: a plain JSON error with its status
            sse.sendErrorQuietly(Map.of("error", Map.of("message", e.getMessage(), "type", e.type())));
        } catch (SseChannel.ClientGoneException e) {
            // The reply is stored as incomplete by the service (it polled isCancelled()).
        }
    }

    /** Streams reasoning and content as chat-completion-style chunks and state changes as their own objects. */
    private static final class StreamingTurn implements TurnListener {
        private final SseChannel sse;
        private final String conversationId;
        private volatile boolean gone;
        private volatile boolean started;

        StreamingTurn(SseChannel sse, String conversationId) {
            this.sse = sse;
            this.conversationId = conversationId;
        }

        @Override
        public void onStateChange(ConversationEvent event) {
            send(Map.of("object", "conversation.state_change", "conversation", conversationId, "event", event(event)));
        }

        @Override
        public void onReasoning(String delta) {
            if (!delta.isEmpty()) send(delta("reasoning_content", delta));
        }

        @Override
        public void onContent(String delta) {
            if (!delta.isEmpty()) send(delta("content", delta));
        }

        private Map<String, Object> delta(String field, String text) {
            return Map.of("object", "conversation.message.delta", "conversation", conversationId,
                    "delta", Map.of(field, text));
        }

        private void send(Object event) {
            if (gone) return;
            try {
                started = true;
                sse.send(event);
            } catch (SseChannel.ClientGoneException e) {
                gone = true;
            }
        }

        @Override
        public boolean isCancelled() {
            return gone;
        }

        boolean gone() {
            return gone;
        }

        boolean started() {
            return started;
        }
    }

    // ---------------------------------------------------------------- request and response shapes

    record CreateRequest(JsonNode domain, Map<String, String> metadata) {}

    record RewindRequest(Integer turn) {}

    private static JsonNode domainOf(JsonNode domain) {
        if (domain == null || domain.isNull()) return null;
        if (domain.isTextual()) {
            // A domain file's text (YAML or JSON) sent as a string.
            try {
                return YAML.readTree(domain.asText());
            } catch (java.io.IOException e) {
                throw new ApiException.BadRequest("domain is neither YAML nor JSON: " + e.getMessage(), "domain");
            }
        }
        return domain;
    }

    static ObjectNode conversation(ConversationRecord c) {
        ObjectNode node = EVENTS.createObjectNode();
        node.put("id", c.id());
        node.put("object", "conversation");
        node.put("created_at", c.createdAt().getEpochSecond());
        node.set("metadata", EVENTS.valueToTree(c.metadata()));
        node.set("domain", c.domain());
        return node;
    }

    static ObjectNode event(ConversationEvent e) {
        ObjectNode node = EVENTS.valueToTree(e);
        node.put("type", e.type());
        return node;
    }

    private static ObjectNode turn(String id, TurnResult result) {
        ObjectNode node = EVENTS.createObjectNode();
        node.put("object", "conversation.turn");
        node.put("conversation", id);
        node.put("turn", result.turn());
        node.set("reply", result.reply() == null ? null : event(result.reply()));
        node.set("state_changes", EVENTS.valueToTree(result.stateChanges().stream().map(ConversationsHandler::event).toList()));
        node.set("state", EVENTS.valueToTree(result.state()));
        if (result.generation() != null) {
            ObjectNode usage = node.putObject("usage");
            usage.put("prompt_tokens", result.generation().promptTokens());
            usage.put("completion_tokens", result.generation().tokens().length);
            usage.put("total_tokens", result.generation().promptTokens() + result.generation().tokens().length);
            node.put("finish_reason", result.generation().finishReason().openAiName());
        }
        node.put("tracking_ms", result.trackingMillis());
        return node;
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(name + " must be an integer, got '" + v + "'", name);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        return ConversationErrors.call("id", "content", action);
    }

    /** Turns a message request's fields into dialogue settings. */
    public interface MessageSettings {
        SendSettings resolve(MessageRequest request);
    }

    /**
     * POST /v1/conversations/{id}/messages body.
     *
     * @param tracking   {@code off}, {@code rules} or {@code model} (rules then the model; the default)
     * @param truncation what to do when the history no longer fits: {@code auto} (drop the oldest turns, the
     *                   default), {@code summarize}, or {@code disabled} (400)
     * @param system     instructions put in front of the first kept user message
     */
    public record MessageRequest(String content, Boolean stream, Integer maxTokens, Double temperature, Double topP,
            Integer topK, Double minP, Double presencePenalty, Double frequencyPenalty, Double repetitionPenalty,
            Long seed, String tracking, String truncation, String system) implements SamplingFields {

        @Override
        public Integer n() {
            return null;
        }

        @Override
        public List<String> stop() {
            return null;
        }

        @Override
        public Boolean ignoreEos() {
            return null;
        }

        Tracker.Mode trackingMode() {
            if (tracking == null) return Tracker.Mode.RULES_AND_MODEL;
            return switch (tracking) {
                case "off" -> Tracker.Mode.OFF;
                case "rules" -> Tracker.Mode.RULES;
                case "model" -> Tracker.Mode.RULES_AND_MODEL;
                default -> throw new ApiException.BadRequest("tracking must be 'off', 'rules' or 'model', got '" + tracking + "'", "tracking");
            };
        }

        SendSettings.ContextPolicy contextPolicy() {
            if (truncation == null) return SendSettings.ContextPolicy.DROP_OLDEST;
            return switch (truncation) {
                case "auto" -> SendSettings.ContextPolicy.DROP_OLDEST;
                case "summarize" -> SendSettings.ContextPolicy.SUMMARIZE;
                case "disabled" -> SendSettings.ContextPolicy.DISABLED;
                default -> throw new ApiException.BadRequest(
                        "truncation must be 'auto', 'summarize' or 'disabled', got '" + truncation + "'", "truncation");
            };
        }

        /** A SendSettings from these fields with {@code sampling} resolved by the server's rules. */
        public SendSettings toSettings(SamplingParams sampling, int defaultMaxTokens) {
            int max = maxTokens == null ? defaultMaxTokens : maxTokens;
            if (max < 1) throw new ApiException.BadRequest("max_tokens must be at least 1, got " + max, "max_tokens");
            return new SendSettings(sampling, max, system, trackingMode(), contextPolicy());
        }
    }
}
