package r1j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.SettingsResolver.DefaultLength;
import r1j.server.inference.GenerationRequest;
import r1j.server.inference.GenerationStream;
import r1j.server.inference.InferenceEngine;
import r1j.server.inference.TokenEvent;
import r1j.server.protocol.Completion;
import r1j.server.protocol.CompletionRequest;
import r1j.server.protocol.Usage;

/**
 * {@code POST /v1/completions}: a raw prompt (text or token ids), no chat template and no reasoning split; the
 * text comes back as the model wrote it.
 */
final class CompletionsHandler implements Handler {
    private final ServedModel served;
    private final SettingsResolver settings;
    private final InferenceEngine engine;

    CompletionsHandler(ServedModel served, SettingsResolver settings, InferenceEngine engine) {
        this.served = served;
        this.settings = settings;
        this.engine = engine;
    }

    @Override
    public void handle(Context ctx) {
        CompletionRequest req = Json.read(ctx, CompletionRequest.class);
        served.require(req.model());
        rejectWhatWouldChangeTheOutput(req);
        int[] prompt = promptTokens(req.prompt(), served.model().tokenizer());
        GenerationSettings generation = settings.resolve(req, req.maxTokens(), "max_tokens",
                DefaultLength.OPENAI_COMPLETIONS, prompt.length, "prompt");
        String id = Generations.newId("cmpl-");
        long created = Generations.nowSeconds();
        GenerationStream stream = Generations.submit(engine, new GenerationRequest(id, prompt, generation));
        try {
            if (req.isStream()) {
                stream(ctx, stream, id, created, req.streamOptions() != null && req.streamOptions().wantsUsage());
            } else {
                Json.write(ctx, 200, collect(stream, id, created));
            }
        } finally {
            stream.cancel();
        }
    }

    private Completion collect(GenerationStream stream, String id, long created) {
        StringBuilder text = new StringBuilder();
        while (true) {
            switch (Generations.next(stream)) {
                case TokenEvent.Token t -> text.append(t.text());
                case TokenEvent.Finished f -> {
                    return new Completion(id, created, served.name(), List.of(new Completion.Choice(
                            text.toString(), 0, null, Generations.finishReason(f.result()))), usage(f.result()));
                }
                case TokenEvent.Failed f -> throw Generations.failure(f);
            }
        }
    }

    private void stream(Context ctx, GenerationStream stream, String id, long created, boolean includeUsage) {
        SseChannel sse = new SseChannel(ctx);
        try {
            while (true) {
                TokenEvent event = Generations.poll(stream);
                switch (event) {
                    case null -> sse.keepAlive();
                    case TokenEvent.Token t -> {
                        if (!t.text().isEmpty()) sse.send(chunk(id, created, t.text(), null));
                    }
                    case TokenEvent.Finished f -> {
                        sse.send(chunk(id, created, "", Generations.finishReason(f.result())));
                        if (includeUsage) {
                            sse.send(new Completion(id, created, served.name(), List.of(), usage(f.result())));
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
            sse.sendErrorQuietly(ErrorMapper.body(e));
        }
    }

    private Completion chunk(String id, long created, String text, String finishReason) {
        return new Completion(id, created, served.name(), List.of(new Completion.Choice(text, 0, null, finishReason)),
                null);
    }

    private static Usage usage(GenerationResult r) {
        return Usage.of(r.promptTokens(), r.tokens().length, 0);
    }

    /**
     * A string, an array of one string, or an array of token ids (also nested once). Several prompts need
     * {@code n}-style fan-out, which this server does not do yet.
     */
    static int[] promptTokens(JsonNode prompt, BpeTokenizer tokenizer) {
        if (prompt == null || prompt.isNull()) throw new ApiException.BadRequest("prompt is required", "prompt");
        if (prompt.isTextual()) return nonEmpty(tokenizer.encodeWithBos(prompt.asText()));
        if (!prompt.isArray()) {
            throw new ApiException.BadRequest("prompt must be a string, an array of strings or an array of token ids",
                    "prompt");
        }
        if (prompt.isEmpty()) throw new ApiException.BadRequest("prompt must not be empty", "prompt");
        if (prompt.size() == 1 && (prompt.get(0).isTextual() || prompt.get(0).isArray())) {
            return promptTokens(prompt.get(0), tokenizer);
        }
        if (prompt.get(0).isTextual() || prompt.get(0).isArray()) {
            throw new ApiException.BadRequest("several prompts in one request are not supported yet (got "
                    + prompt.size() + "); send one request per prompt", "prompt");
        }
        int[] ids = new int[prompt.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = prompt.get(i);
            if (!id.isInt() || id.asInt() < 0 || id.asInt() >= tokenizer.vocabSize()) {
                throw new ApiException.BadRequest("prompt[" + i + "] must be a token id in [0, "
                        + tokenizer.vocabSize() + "), got " + id, "prompt");
            }
            ids[i] = id.asInt();
        }
        return ids;
    }

    private static int[] nonEmpty(int[] ids) {
        if (ids.length == 0) throw new ApiException.BadRequest("prompt must not be empty", "prompt");
        return ids;
    }

    private static void rejectWhatWouldChangeTheOutput(CompletionRequest req) {
        if (Boolean.TRUE.equals(req.echo())) {
            throw new ApiException.BadRequest("echo is not supported yet", "echo");
        }
        if (req.bestOf() != null && req.bestOf() != 1) {
            throw new ApiException.BadRequest("best_of other than 1 is not supported yet", "best_of");
        }
        if (req.logprobs() != null) {
            throw new ApiException.BadRequest("logprobs are not supported yet", "logprobs");
        }
        if (req.suffix() != null && !req.suffix().isEmpty()) {
            throw new ApiException.BadRequest("suffix is not supported yet", "suffix");
        }
        if (req.logitBias() != null && !req.logitBias().isEmpty()) {
            throw new ApiException.BadRequest("logit_bias is not supported yet", "logit_bias");
        }
    }
}
