package r1j.server.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.agent.AgentSetup;
import r1j.dialogue.ConversationService;
import r1j.dialogue.PresetChoice;
import r1j.dialogue.SendSettings;
import r1j.dialogue.TurnListener;
import r1j.dialogue.TurnResult;
import r1j.dialogue.events.ConversationEvent;
import r1j.dialogue.store.ConversationPage;
import r1j.dialogue.store.ConversationRecord;
import r1j.dialogue.tools.ToolUse;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.settings.RequestedSettings;
import r1j.engine.settings.SettingsResolver;
import r1j.engine.settings.TaskPreset;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.http.ApiException;
import r1j.server.http.DisconnectProbe;
import r1j.server.http.ErrorMapper;
import r1j.server.http.Json;
import r1j.server.http.SseChannel;
import r1j.server.protocol.ConversationBodies;
import r1j.server.tools.ToolStreamEvents;
import r1j.server.tools.ToolsRequest;

/**
 * The {@code /v1/conversations} routes: server-side conversations whose state (messages, intent, slots, summary) the
 * dialogue layer keeps, so a client sends only its new message. Thin: parse, call {@link ConversationService}, write.
 */
public final class ConversationsHandler {
    private static final ObjectMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

    private final ConversationService service;
    private final SettingsResolver settings;
    private final BpeTokenizer tokenizer;
    private final AgentSetup agent;

    public ConversationsHandler(ConversationService service, SettingsResolver settings, BpeTokenizer tokenizer) {
        this(service, settings, tokenizer, AgentSetup.none());
    }

    /** @param agent the server's tools, run when a message asks for them ({@code "tools": "auto"}) */
    public ConversationsHandler(ConversationService service, SettingsResolver settings, BpeTokenizer tokenizer,
            AgentSetup agent) {
        this.service = service;
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.agent = agent;
    }

    /** Routes that answer 404: the server was started without a conversation store. */
    public static ConversationsHandler disabled() {
        return new ConversationsHandler(null, null, null, AgentSetup.none());
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
        Json.write(ctx, 201, ConversationViews.conversation(created, null));
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
        Json.write(ctx, 200, new ConversationBodies.ConversationList(
                page.items().stream().map(c -> ConversationViews.conversation(c, null)).toList(),
                page.offset(), page.limit(), page.hasMore()));
    }

    /** GET /v1/conversations/{id} */
    public void get(Context ctx) {
        var view = call(() -> service().get(ctx.pathParam("id")));
        Json.write(ctx, 200, ConversationViews.conversation(view.conversation(), view.state()));
    }

    /** POST /v1/conversations/{id} {metadata}: replaces the metadata (as OpenAI's conversation update does). */
    public void update(Context ctx) {
        UpdateRequest r = Json.read(ctx, UpdateRequest.class);
        if (r.metadata() == null) throw new ApiException.BadRequest("metadata must be an object of strings", "metadata");
        ConversationRecord updated = call(() -> service().replaceMetadata(ctx.pathParam("id"), r.metadata()));
        Json.write(ctx, 200, ConversationViews.conversation(updated, null));
    }

    /** GET /v1/conversations/{id}/events */
    public void events(Context ctx) {
        List<ConversationEvent> events = call(() -> service().events(ctx.pathParam("id")));
        Json.write(ctx, 200, new ConversationBodies.EventList(ConversationViews.events(events)));
    }

    /** GET /v1/conversations/{id}/state?turn=N */
    public void state(Context ctx) {
        Integer turn = ctx.queryParam("turn") == null ? null : intParam(ctx, "turn", 0);
        if (turn != null && turn < 0) throw new ApiException.BadRequest("turn must be >= 0", "turn");
        Json.write(ctx, 200, ConversationViews.state(call(() -> service().state(ctx.pathParam("id"), turn))));
    }

    /** DELETE /v1/conversations/{id} */
    public void delete(Context ctx) {
        String id = ctx.pathParam("id");
        call(() -> {
            service().delete(id);
            return null;
        });
        Json.write(ctx, 200, new ConversationBodies.Deleted(id));
    }

    /** POST /v1/conversations/{id}/rewind {turn} */
    public void rewind(Context ctx) {
        RewindRequest r = Json.read(ctx, RewindRequest.class);
        if (r.turn() == null || r.turn() < 0) throw new ApiException.BadRequest("turn must be a number >= 0", "turn");
        Json.write(ctx, 200, ConversationViews.state(call(() -> service().rewind(ctx.pathParam("id"), r.turn()))));
    }

    /** POST /v1/conversations/{id}/messages {content, stream?, sampling fields...} */
    public void message(Context ctx) {
        String id = ctx.pathParam("id");
        MessageRequest r = Json.read(ctx, MessageRequest.class);
        if (r.content() == null || r.content().isBlank()) {
            throw new ApiException.BadRequest("content must be a non-empty string", "content");
        }
        SendSettings send = r.toSettings(settings);
        ToolUse tools = ToolsRequest.toolUse(r.tools(), r.toolChoice(), agent);
        if (!Boolean.TRUE.equals(r.stream())) {
            DisconnectProbe probe = DisconnectProbe.of(ctx);
            TurnResult result = call(() -> service().sendMessage(id, r.content(), send, tools, probe.turnListener()));
            // A client that left is not answered; the reply is stored as incomplete.
            if (!probe.clientGone()) Json.write(ctx, 200, ConversationViews.turn(id, result, tokenizer));
            return;
        }
        SseChannel sse = new SseChannel(ctx);
        StreamingTurn listener = new StreamingTurn(sse, id);
        try {
            TurnResult result = call(() -> service().sendMessage(id, r.content(), send, tools, listener));
            if (listener.gone()) return;
            sse.send(ConversationViews.turn(id, result, tokenizer));
            sse.done();
        } catch (ApiException e) {
            if (!listener.started()) throw e;  // nothing sent yet: a plain JSON error with its status
            sse.sendErrorQuietly(ErrorMapper.body(e));
        } catch (SseChannel.ClientGoneException e) {
            // The reply is stored as incomplete by the service (it cancels once isCancelled() says so).
        }
    }

    /** Streams reasoning and content as delta objects and state changes as their own objects. */
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
            send(new ConversationBodies.StateChange(conversationId, ConversationViews.event(event)));
        }

        @Override
        public void onReasoning(String delta) {
            if (!delta.isEmpty()) send(new ConversationBodies.MessageDelta(conversationId, new ConversationBodies.Delta(delta, null)));
        }

        @Override
        public void onContent(String delta) {
            if (!delta.isEmpty()) send(new ConversationBodies.MessageDelta(conversationId, new ConversationBodies.Delta(null, delta)));
        }

        @Override
        public void onAssistantStep(ConversationEvent.AssistantMessage step) {
            send(new ToolStreamEvents.AssistantStep(conversationId, ConversationViews.event(step)));
        }

        @Override
        public void onToolCall(ConversationEvent.ToolCall call) {
            send(new ToolStreamEvents.ToolCall(conversationId, ConversationViews.event(call)));
        }

        @Override
        public void onToolResult(ConversationEvent.ToolResult result) {
            send(new ToolStreamEvents.ToolResult(conversationId, ConversationViews.event(result)));
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

    // ---------------------------------------------------------------- request shapes

    record CreateRequest(JsonNode domain, Map<String, String> metadata) {}

    record RewindRequest(Integer turn) {}

    record UpdateRequest(Map<String, String> metadata) {}

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

    /**
     * POST /v1/conversations/{id}/messages body.
     *
     * @param tracking   {@code off}, {@code rules} or {@code model} (rules then the model; the default)
     * @param truncation what to do when the history no longer fits: {@code auto} (drop the oldest turns, the
     *                   default), {@code summarize}, or {@code disabled} (400)
     * @param system     instructions put in front of the first kept user message
     * @param preset     {@code creative}, {@code reasoning} or {@code default}: the temperature when none is given
     * @param tools      {@code "auto"}: run the server's tools (the loop); absent or {@code "none"}: one plain reply
     * @param toolChoice OpenAI's {@code tool_choice}; a named function forces that call in the first model turn
     */
    public record MessageRequest(String content, Boolean stream, Integer maxTokens, Integer maxCompletionTokens,
            Double temperature, Double topP, Integer topK, Double minP, Double presencePenalty,
            Double frequencyPenalty, Double repetitionPenalty, Long seed, Integer reasoningBudget,
            String reasoningEffort, String tracking, String truncation, String system, String preset,
            JsonNode tools, JsonNode toolChoice) implements RequestedSettings {

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

        /**
         * A SendSettings from these fields, the reply's settings resolved by the server's one resolver. Without a
         * temperature the reply takes a task preset's: the named {@code preset}, else one chosen from the intent
         * tracked this turn.
         */
        SendSettings toSettings(SettingsResolver resolver) {
            RequestedSettings requested = this;
            TaskPreset named = preset == null ? null : TaskPreset.parse(preset, "preset");
            PresetChoice presets = SettingsResolver.presetApplies(requested)
                    ? new PresetChoice(named, p -> resolver.resolveReply(requested, p)) : null;
            return new SendSettings(resolver.resolveReply(requested), system, trackingMode(), contextPolicy(), presets);
        }
    }
}
