package r1j.server.chat;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.TokenEvent;
import r1j.engine.settings.MaxTokensDefault;
import r1j.engine.settings.SettingsResolver;
import r1j.engine.toolcall.ToolCall;
import r1j.engine.toolcall.ToolCallParser;
import r1j.engine.toolcall.ToolCallSyntax;
import r1j.server.generation.Fanout;
import r1j.server.generation.Generations;
import r1j.server.generation.LogprobsJson;
import r1j.server.generation.ServedModel;
import r1j.server.http.ApiException;
import r1j.server.http.DisconnectProbe;
import r1j.server.http.ErrorMapper;
import r1j.server.http.Json;
import r1j.server.http.SseChannel;
import r1j.server.prompt.ChatPromptBuilder;
import r1j.server.prompt.ToolPlan;
import r1j.server.protocol.ChatCompletion;
import r1j.server.protocol.ChatCompletionChunk.Delta;
import r1j.server.protocol.ChatCompletionChunk;
import r1j.server.protocol.ChatCompletionRequest;
import r1j.server.protocol.ChatLogprobs;
import r1j.server.protocol.ToolCallJson;
import r1j.server.protocol.Usage;
import r1j.server.routing.RoutedChatCompletions;

/**
 * {@code POST /v1/chat/completions}: parse, check, render and tokenize on the request's thread, then submit
 * {@code n} sequences to the engine and answer as one JSON object or as an SSE stream. Reasoning goes to
 * {@code reasoning_content} (see {@link ChatOutput} for the rule), in stream deltas as well; tool calls in the
 * answer become {@code tool_calls} with {@code finish_reason: "tool_calls"}.
 *
 * <p>{@code tool_choice} {@code required} or named: the prompt says so, and when one function is meant and its
 * arguments' schema is in the supported subset, decoding after the thinking is constrained to that call. Otherwise
 * (several functions under {@code required}) the reply is only instructed: a reply without a parsable call is
 * returned as it is, with {@code finish_reason} {@code stop} or {@code length}, never an error.
 */
public final class ChatCompletionsHandler implements Handler {
    /** Replies may use R1's own markup (which the tool prompt teaches) or hermes (which forced calls use). */
    private static final ToolCallParser TOOL_CALLS = ToolCallParser.of(ToolCallSyntax.DEEPSEEK_R1, ToolCallSyntax.HERMES);

    private final ServedModel served;
    private final ChatPromptBuilder prompts;
    private final SettingsResolver settings;
    private final Engine engine;
    private final ReasoningFormat reasoningFormat;
    private final Constraints constraints;
    /**
     * Answers a request that names a stored {@code conversation} (null: no store). A plain function rather than the
     * conversations package's type, so that the route packages stay independent and only the wiring joins them.
     */
    private final BiConsumer<Context, ChatCompletionRequest> conversations;

    public ChatCompletionsHandler(ServedModel served, ChatPromptBuilder prompts, SettingsResolver settings,
            Engine engine, ReasoningFormat reasoningFormat, BiConsumer<Context, ChatCompletionRequest> conversations) {
        this.served = served;
        this.prompts = prompts;
        this.settings = settings;
        this.engine = engine;
        this.reasoningFormat = reasoningFormat;
        this.constraints = new Constraints(served.model());
        this.conversations = conversations;
    }

    @Override
    public void handle(Context ctx) {
        ChatCompletionRequest req = Json.read(ctx, ChatCompletionRequest.class);
        served.require(req.model());
        rejectWhatRemains(req);
        if (req.conversation() != null) {
            if (conversations == null) {
                throw new ApiException.NotFound("conversations are not enabled on this server (it has no conversation"
                        + " store)", "conversation", "conversations_disabled");
            }
            conversations.accept(ctx, req);
            return;
        }
        ToolPlan tools = ToolPlan.of(req.tools(), req.toolChoice());
        ResponseFormat format = ResponseFormat.of(req.responseFormat());
        if (format.constrained() && tools.mustCall()) {
            throw new ApiException.BadRequest("response_format json_schema and a required tool call exclude each other;"
                    + " send one of them", "response_format");
        }
        // A JSON answer is never a call: the tools are neither offered nor looked for.
        if (format.constrained()) tools = ToolPlan.NONE;
        int logprobs = logprobs(req);
        // The router's low-logprob signal needs the answer's logprobs even when the client asked for none.
        if (logprobs < 0 && ctx.attribute(RoutedChatCompletions.WANTS_LOGPROBS) != null) logprobs = 0;
        int n = Fanout.choices(req.n());
        ReasoningFormat thinking = ReasoningFormat.of(req.reasoningFormat(), reasoningFormat);
        ChatPromptBuilder.Prompt prompt = prompts.build(req.messages(), req.foldSystemPrompt(), true, tools);
        GenerationSettings generation = settings.resolve(req, MaxTokensDefault.REST_OF_CONTEXT,
                prompt.tokens().length, "messages").withLogprobs(logprobs);
        ToolPlan.Function forced = constraints.forcedFunction(tools);
        String id = Generations.newId("chatcmpl-");
        ToolCallParser parser = tools.active() ? TOOL_CALLS : null;
        try (Fanout fanout = Fanout.submit(engine, prompt.tokens(), n, i -> generation.withConstraint(
                constraints.forSequence(format, forced, prompt.opensReasoning(), generation.maxTokens())))) {
            Answer answer = new Answer(id, Generations.nowSeconds(), !Boolean.FALSE.equals(req.includeReasoning()),
                    logprobs >= 0, new ArrayList<>());
            for (int i = 0; i < n; i++) answer.choices.add(new ChoiceState(new ChatOutput(prompt.opensReasoning(), parser, thinking)));
            if (req.isStream()) {
                stream(ctx, fanout, answer, req.streamOptions() != null && req.streamOptions().wantsUsage());
            } else {
                Json.write(ctx, 200, collect(fanout, answer, DisconnectProbe.of(ctx)));
            }
        }
    }

    private record Answer(String id, long created, boolean includeReasoning, boolean logprobs,
            List<ChoiceState> choices) {}

    /** One choice as it arrives. */
    private static final class ChoiceState {
        final ChatOutput output;
        final List<ChatLogprobs.Entry> logprobs = new ArrayList<>();
        /** Streaming: entries not yet sent with a chunk. */
        final List<ChatLogprobs.Entry> unsent = new ArrayList<>();
        int callsSent;
        GenerationResult result;

        ChoiceState(ChatOutput output) {
            this.output = output;
        }
    }

    private ChatOutput.Delta accept(Answer a, ChoiceState c, TokenEvent.Token t) {
        if (a.logprobs && t.logprobs() != null) {
            ChatLogprobs.Entry e = LogprobsJson.chatEntry(served.model().tokenizer(), t.logprobs());
            c.logprobs.add(e);
            c.unsent.add(e);
        }
        return c.output.accept(t.tokenId(), t.text());
    }

    private ChatCompletion collect(Fanout fanout, Answer a, DisconnectProbe probe) {
        fanout.drain((t, i) -> accept(a, a.choices.get(i), t), (f, i) -> {
            ChoiceState c = a.choices.get(i);
            c.output.finish();
            c.result = f.result();
        }, probe);
        List<ChatCompletion.Choice> choices = new ArrayList<>();
        for (int i = 0; i < a.choices.size(); i++) {
            ChoiceState c = a.choices.get(i);
            String reasoning = c.output.reasoning();
            List<ToolCall> calls = c.output.calls();
            String content = c.output.contentOrNull();
            // Only whitespace around the calls: the answer is the calls (OpenAI's content is null then).
            if (!calls.isEmpty() && content != null && content.isBlank()) content = null;
            List<ToolCallJson> toolCalls = calls.stream()
                    .map(call -> ToolCallJson.of(null, Generations.newId("call_"), call.name(), call.arguments()))
                    .toList();
            var message = new ChatCompletion.Message("assistant", content,
                    a.includeReasoning && !reasoning.isEmpty() ? reasoning : null, toolCalls);
            choices.add(new ChatCompletion.Choice(i, message, a.logprobs ? new ChatLogprobs(c.logprobs) : null,
                    finishReason(c)));
        }
        return new ChatCompletion(a.id, a.created, served.name(), choices, usage(a));
    }

    private void stream(Context ctx, Fanout fanout, Answer a, boolean includeUsage) {
        SseChannel sse = new SseChannel(ctx);
        try {
            for (int i = 0; i < a.choices.size(); i++) sse.send(chunk(a, i, new Delta("assistant", "", null), null, null));
            fanout.drain((t, i) -> send(sse, a, i, accept(a, a.choices.get(i), t)), (f, i) -> {
                ChoiceState c = a.choices.get(i);
                c.result = f.result();
                send(sse, a, i, c.output.finish());
                sse.send(chunk(a, i, new Delta(null, null, null), takeLogprobs(a, c), finishReason(c)));
            }, sse::keepAlive);
            if (includeUsage) sse.send(new ChatCompletionChunk(a.id, a.created, served.name(), List.of(), usage(a)));
            sse.done();
        } catch (SseChannel.ClientGoneException e) {
            fanout.close();
        } catch (ApiException e) {
            // The 200 and the headers are gone already: report in-band, as vLLM does.
            sse.sendErrorQuietly(ErrorMapper.body(e));
        }
    }

    private void send(SseChannel sse, Answer a, int index, ChatOutput.Delta d) {
        ChoiceState c = a.choices.get(index);
        boolean sent = false;
        if (a.includeReasoning && !d.reasoning().isEmpty()) {
            sse.send(chunk(a, index, new Delta(null, null, d.reasoning()), takeLogprobs(a, c), null));
            sent = true;
        }
        if (!d.content().isEmpty()) {
            sse.send(chunk(a, index, new Delta(null, d.content(), null), takeLogprobs(a, c), null));
            sent = true;
        }
        if (!d.calls().isEmpty()) {
            List<ToolCallJson> calls = new ArrayList<>();
            for (ToolCall call : d.calls()) {
                calls.add(ToolCallJson.of(c.callsSent++, Generations.newId("call_"), call.name(), call.arguments()));
            }
            sse.send(chunk(a, index, new Delta(null, null, null, calls), takeLogprobs(a, c), null));
            sent = true;
        }
        // Log-probabilities of tokens whose text is still held back ride on the next chunk, or the finish chunk.
        if (!sent && c.unsent.size() >= 16) sse.send(chunk(a, index, new Delta(null, null, null), takeLogprobs(a, c), null));
    }

    private static ChatLogprobs takeLogprobs(Answer a, ChoiceState c) {
        if (!a.logprobs) return null;
        ChatLogprobs lp = new ChatLogprobs(List.copyOf(c.unsent));
        c.unsent.clear();
        return lp;
    }

    private ChatCompletionChunk chunk(Answer a, int index, Delta delta, ChatLogprobs logprobs, String finishReason) {
        return new ChatCompletionChunk(a.id, a.created, served.name(),
                List.of(new ChatCompletionChunk.Choice(index, delta, logprobs, finishReason)), null);
    }

    /** {@code tool_calls} when the reply called a function and ended by itself; otherwise the engine's reason. */
    private static String finishReason(ChoiceState c) {
        String reason = Generations.finishReason(c.result);
        return reason.equals("stop") && !c.output.calls().isEmpty() ? "tool_calls" : reason;
    }

    private static Usage usage(Answer a) {
        int completion = 0;
        int reasoning = 0;
        for (ChoiceState c : a.choices) {
            completion += c.result.tokens().length;
            reasoning += c.output.reasoningTokens();
        }
        return Usage.of(a.choices.get(0).result.promptTokens(), completion, reasoning);
    }

    /** -1 when not asked; else how many alternatives per token ({@code top_logprobs}, 0..20). */
    private static int logprobs(ChatCompletionRequest req) {
        Integer top = req.topLogprobs();
        if (top != null && (top < 0 || top > GenerationSettings.MAX_TOP_LOGPROBS)) {
            throw new ApiException.BadRequest("top_logprobs must be in [0, " + GenerationSettings.MAX_TOP_LOGPROBS
                    + "], got " + top, "top_logprobs");
        }
        if (!Boolean.TRUE.equals(req.logprobs())) {
            if (top != null && top > 0) {
                throw new ApiException.BadRequest("top_logprobs needs logprobs: true", "top_logprobs");
            }
            return GenerationSettings.NO_LOGPROBS;
        }
        return top == null ? 0 : top;
    }

    /**
     * What would change the answer and is not implemented gets a clear 400 instead of being ignored; the same
     * fields in a form that changes nothing (function_call "none") pass.
     */
    private static void rejectWhatRemains(ChatCompletionRequest req) {
        if (req.functions() != null && !req.functions().isEmpty() && !isNone(req.functionCall())) {
            throw new ApiException.BadRequest("the legacy functions / function_call fields are not supported; send"
                    + " tools and tool_choice", "functions");
        }
        if (req.logitBias() != null && !req.logitBias().isEmpty()) {
            throw new ApiException.BadRequest("logit_bias is not supported yet", "logit_bias");
        }
    }

    private static boolean isNone(com.fasterxml.jackson.databind.JsonNode choice) {
        return choice != null && choice.isTextual() && choice.asText().equals("none");
    }
}
