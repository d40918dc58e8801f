package r1j.server.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import r1j.dialogue.ConversationService;
import r1j.dialogue.SendSettings;
import r1j.dialogue.TurnListener;
import r1j.dialogue.TurnResult;
import r1j.dialogue.tracking.Tracker;
import r1j.engine.settings.SettingsResolver;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.generation.Generations;
import r1j.server.http.ApiException;
import r1j.server.http.DisconnectProbe;
import r1j.server.http.ErrorMapper;
import r1j.server.http.Json;
import r1j.server.http.SseChannel;
import r1j.server.protocol.ChatCompletion;
import r1j.server.protocol.ChatCompletionChunk;
import r1j.server.protocol.ChatCompletionRequest;
import r1j.server.protocol.ChatMessage;
import r1j.server.protocol.Usage;

/**
 * {@code /v1/chat/completions} with an r1j {@code conversation} id: the request's last user message is appended to
 * that stored conversation (history, tracking and context come from the store, not from the request), and the
 * answer comes back in the ordinary chat-completion shape, so any OpenAI client can talk to a stored conversation.
 */
public final class ConversationChatCompletions {
    private final ConversationService service;
    private final SettingsResolver settings;
    private final BpeTokenizer tokenizer;
    private final String modelName;

    public ConversationChatCompletions(ConversationService service, SettingsResolver settings, BpeTokenizer tokenizer,
            String modelName) {
        this.service = service;
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.modelName = modelName;
    }

    public void handle(Context ctx, ChatCompletionRequest req) {
        rejectUnsupported(req);
        String text = lastUserText(req.messages());
        StringBuilder system = new StringBuilder();
        for (ChatMessage m : req.messages()) {
            if ("system".equals(m.role()) || "developer".equals(m.role())) {
                if (!system.isEmpty()) system.append("\n\n");
                system.append(textOf(m.content()));
            }
        }
        SendSettings send = new SendSettings(settings.resolveReply(req),
                system.isEmpty() ? null : system.toString(), Tracker.Mode.RULES_AND_MODEL,
                SendSettings.ContextPolicy.DROP_OLDEST);
        String id = Generations.newId("chatcmpl-");
        long created = Generations.nowSeconds();
        boolean includeReasoning = !Boolean.FALSE.equals(req.includeReasoning());
        if (!req.isStream()) {
            DisconnectProbe probe = DisconnectProbe.of(ctx);
            TurnResult r = send(req.conversation(), text, send, probe.turnListener());
            if (probe.clientGone()) return; // stored as incomplete; nobody to answer
            String content = r.reply() == null ? "" : r.reply().content();
            String reasoning = r.reply() == null ? "" : r.reply().reasoning();
            ChatCompletion answer = new ChatCompletion(id, created, modelName, List.of(new ChatCompletion.Choice(0,
                    new ChatCompletion.Message("assistant", content.isEmpty() ? null : content,
                            includeReasoning && reasoning != null && !reasoning.isEmpty() ? reasoning : null, List.of()),
                    null, finishReason(r))), usage(r));
            ObjectNode body = Json.MAPPER.valueToTree(answer);
            body.put("conversation", req.conversation());
            body.put("turn", r.turn());
            Json.write(ctx, 200, body);
            return;
        }
        SseChannel sse = new SseChannel(ctx);
        Streaming listener = new Streaming(sse, id, created, includeReasoning);
        try {
            listener.send(new ChatCompletionChunk.Delta("assistant", null, null));
            TurnResult r = send(req.conversation(), text, send, listener);
            if (listener.gone) return;
            sse.send(new ChatCompletionChunk(id, created, modelName,
                    List.of(new ChatCompletionChunk.Choice(0, new ChatCompletionChunk.Delta(null, null, null), null,
                            finishReason(r))),
                    req.streamOptions() != null && req.streamOptions().wantsUsage() ? usage(r) : null));
            sse.done();
        } catch (ApiException e) {
            sse.sendErrorQuietly(ErrorMapper.body(e));
        } catch (SseChannel.ClientGoneException e) {
            // The service stored the reply as incomplete (it polls isCancelled).
        }
    }

    private final class Streaming implements TurnListener {
        final SseChannel sse;
        final String id;
        final long created;
        final boolean includeReasoning;
        volatile boolean gone;

        Streaming(SseChannel sse, String id, long created, boolean includeReasoning) {
            this.sse = sse;
            this.id = id;
            this.created = created;
            this.includeReasoning = includeReasoning;
        }

        @Override
        public void onReasoning(String delta) {
            if (includeReasoning && !delta.isEmpty()) send(new ChatCompletionChunk.Delta(null, null, delta));
        }

        @Override
        public void onContent(String delta) {
            if (!delta.isEmpty()) send(new ChatCompletionChunk.Delta(null, delta, null));
        }

        void send(ChatCompletionChunk.Delta delta) {
            if (gone) return;
            try {
                sse.send(new ChatCompletionChunk(id, created, modelName,
                        List.of(new ChatCompletionChunk.Choice(0, delta, null, null)), null));
            } catch (SseChannel.ClientGoneException e) {
                gone = true;
            }
        }

        @Override
        public boolean isCancelled() {
            return gone;
        }
    }

    private TurnResult send(String conversation, String text, SendSettings send, TurnListener listener) {
        return ConversationErrors.call("conversation", "messages",
                () -> service.sendMessage(conversation, text, send, listener));
    }

    private Usage usage(TurnResult r) {
        Usage usage = ConversationViews.usage(r, tokenizer);
        return usage == null ? Usage.of(0, 0, 0) : usage;
    }

    private static String finishReason(TurnResult r) {
        return r.generation() == null ? "stop" : Generations.finishReason(r.generation());
    }

    private static void rejectUnsupported(ChatCompletionRequest req) {
        if (req.n() != null && req.n() != 1) throw unsupported("n");
        if (req.tools() != null && !req.tools().isEmpty()) throw unsupported("tools");
        if (req.responseFormat() != null && !req.responseFormat().path("type").asText("text").equals("text")) {
            throw unsupported("response_format");
        }
        if (Boolean.TRUE.equals(req.logprobs())) throw unsupported("logprobs");
    }

    private static ApiException unsupported(String field) {
        return new ApiException.BadRequest(field + " is not supported together with 'conversation' (the stored"
                + " conversation decides the prompt); send it without 'conversation'", field);
    }

    /** The new message: the last one, which must be the user's. */
    private static String lastUserText(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty() || !"user".equals(messages.getLast().role())) {
            throw new ApiException.BadRequest("with 'conversation', the last message must be the user's new message"
                    + " (the history comes from the stored conversation)", "messages");
        }
        String text = textOf(messages.getLast().content());
        if (text.isBlank()) throw new ApiException.BadRequest("the user's message is empty", "messages");
        return text;
    }

    private static String textOf(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        StringBuilder b = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) b.append(part.path("text").asText());
        }
        return b.toString();
    }
}
