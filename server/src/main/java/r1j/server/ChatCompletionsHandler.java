package r1j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.server.SettingsResolver.DefaultLength;
import r1j.server.inference.GenerationRequest;
import r1j.server.inference.GenerationStream;
import r1j.server.inference.InferenceEngine;
import r1j.server.inference.TokenEvent;
import r1j.server.protocol.ChatCompletion;
import r1j.server.protocol.ChatCompletionChunk;
import r1j.server.protocol.ChatCompletionChunk.Delta;
import r1j.server.protocol.ChatCompletionRequest;
import r1j.server.protocol.Usage;

/**
 * {@code POST /v1/chat/completions}: parse, check, render and tokenize on the request's thread, then submit to the
 * engine and answer as one JSON object or as an SSE stream. Reasoning goes to {@code reasoning_content} (see
 * {@link ChatOutput} for the rule), in stream deltas as well.
 */
final class ChatCompletionsHandler implements Handler {
    private final ServedModel served;
    private final ChatPromptBuilder prompts;
    private final SettingsResolver settings;
    private final InferenceEngine engine;

    ChatCompletionsHandler(ServedModel served, ChatPromptBuilder prompts, SettingsResolver settings,
            InferenceEngine engine) {
        this.served = served;
        this.prompts = prompts;
        this.settings = settings;
        this.engine = engine;
    }

    @Override
    public void handle(Context ctx) {
        ChatCompletionRequest req = Json.read(ctx, ChatCompletionRequest.class);
        served.require(req.model());
        rejectWhatWouldChangeTheOutput(req);
        ChatPromptBuilder.Prompt prompt = prompts.build(req.messages(), req.foldSystemPrompt(), true);
        boolean newField = req.maxCompletionTokens() != null;
        GenerationSettings generation = settings.resolve(req,
                newField ? req.maxCompletionTokens() : req.maxTokens(),
                newField ? "max_completion_tokens" : "max_tokens",
                DefaultLength.REST_OF_CONTEXT, prompt.tokens().length, "messages");
        String id = Generations.newId("chatcmpl-");
        GenerationStream stream = Generations.submit(engine, new GenerationRequest(id, prompt.tokens(), generation));
        Answer answer = new Answer(id, Generations.nowSeconds(), new ChatOutput(prompt.opensReasoning()),
                !Boolean.FALSE.equals(req.includeReasoning()));
        try {
            if (req.isStream()) {
                stream(ctx, stream, answer, req.streamOptions() != null && req.streamOptions().wantsUsage());
            } else {
                Json.write(ctx, 200, collect(stream, answer));
            }
        } finally {
            // A no-op after a normal finish; stops the engine when we leave early for any reason.
            stream.cancel();
        }
    }

    private record Answer(String id, long created, ChatOutput output, boolean includeReasoning) {}

    private ChatCompletion collect(GenerationStream stream, Answer a) {
        while (true) {
            switch (Generations.next(stream)) {
                case TokenEvent.Token t -> a.output.accept(t.tokenId(), t.text());
                case TokenEvent.Finished f -> {
                    a.output.finish();
                    GenerationResult r = f.result();
                    String reasoning = a.output.reasoning();
                    var message = new ChatCompletion.Message("assistant", a.output.contentOrNull(),
                            a.includeReasoning && !reasoning.isEmpty() ? reasoning : null);
                    return new ChatCompletion(a.id, a.created, served.name(),
                            List.of(new ChatCompletion.Choice(0, message, null, Generations.finishReason(r))),
                            usage(r, a.output));
                }
                case TokenEvent.Failed f -> throw Generations.failure(f);
            }
        }
    }

    private void stream(Context ctx, GenerationStream stream, Answer a, boolean includeUsage) {
        SseChannel sse = new SseChannel(ctx);
        try {
            sse.send(chunk(a, new Delta("assistant", "", null), null));
            while (true) {
                TokenEvent event = Generations.poll(stream);
                switch (event) {
                    case null -> sse.keepAlive();
                    case TokenEvent.Token t -> send(sse, a, a.output.accept(t.tokenId(), t.text()));
                    case TokenEvent.Finished f -> {
                        send(sse, a, a.output.finish());
                        sse.send(chunk(a, new Delta(null, null, null), Generations.finishReason(f.result())));
                        if (includeUsage) {
                            sse.send(new ChatCompletionChunk(a.id, a.created, served.name(), List.of(),
                                    usage(f.result(), a.output)));
                        }
                        sse.done();
                        return;
                    }
                    case TokenEvent.Failed f -> throw Generations.failure(f);
                }
            }
        } catch (SseChannel.ClientGoneException e) {
            stream.cancel();
        } catch (ApiException e) {
            // The 200 and the headers are gone already: report in-band, as vLLM does.
            sse.sendErrorQuietly(ErrorMapper.body(e));
        }
    }

    private void send(SseChannel sse, Answer a, ReasoningSplitter.Delta d) {
        if (a.includeReasoning && !d.reasoning().isEmpty()) sse.send(chunk(a, new Delta(null, null, d.reasoning()), null));
        if (!d.content().isEmpty()) sse.send(chunk(a, new Delta(null, d.content(), null), null));
    }

    private ChatCompletionChunk chunk(Answer a, Delta delta, String finishReason) {
        return new ChatCompletionChunk(a.id, a.created, served.name(),
                List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)), null);
    }

    private static Usage usage(GenerationResult r, ChatOutput output) {
        return Usage.of(r.promptTokens(), r.tokens().length, output.reasoningTokens());
    }

    /**
     * Features that would change the answer and are not implemented yet get a clear 400 instead of being ignored;
     * the same fields in a form that changes nothing (tool_choice "none", response_format "text") pass.
     */
    private static void rejectWhatWouldChangeTheOutput(ChatCompletionRequest req) {
        if (req.tools() != null && !req.tools().isEmpty() && !isNone(req.toolChoice())) {
            throw new ApiException.BadRequest("tools are not supported yet (tool calls are not parsed); send no tools"
                    + " or tool_choice \"none\"", "tools");
        }
        if (req.functions() != null && !req.functions().isEmpty() && !isNone(req.functionCall())) {
            throw new ApiException.BadRequest("functions are not supported yet; send no functions or"
                    + " function_call \"none\"", "functions");
        }
        JsonNode format = req.responseFormat();
        if (format != null && !format.isNull()) {
            String type = format.path("type").asText("");
            if (!type.equals("text")) {
                throw new ApiException.BadRequest("response_format type '" + type + "' is not supported yet (no"
                        + " constrained decoding); only \"text\"", "response_format");
            }
        }
        if (Boolean.TRUE.equals(req.logprobs())) {
            throw new ApiException.BadRequest("logprobs are not supported yet", "logprobs");
        }
        if (req.topLogprobs() != null && req.topLogprobs() > 0) {
            throw new ApiException.BadRequest("top_logprobs is not supported yet", "top_logprobs");
        }
        if (req.logitBias() != null && !req.logitBias().isEmpty()) {
            throw new ApiException.BadRequest("logit_bias is not supported yet", "logit_bias");
        }
    }

    private static boolean isNone(JsonNode choice) {
        return choice != null && choice.isTextual() && choice.asText().equals("none");
    }
}
