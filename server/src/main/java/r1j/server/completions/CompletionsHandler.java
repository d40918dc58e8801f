package r1j.server.completions;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.generate.TokenLogprobs;
import r1j.engine.runtime.Engine;
import r1j.engine.settings.MaxTokensDefault;
import r1j.engine.settings.SettingsResolver;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.generation.Fanout;
import r1j.server.generation.Generations;
import r1j.server.generation.LogprobsJson;
import r1j.server.generation.ServedModel;
import r1j.server.http.ApiException;
import r1j.server.http.DisconnectProbe;
import r1j.server.http.ErrorMapper;
import r1j.server.http.Json;
import r1j.server.http.SseChannel;
import r1j.server.protocol.Completion;
import r1j.server.protocol.CompletionLogprobs;
import r1j.server.protocol.CompletionRequest;
import r1j.server.protocol.Usage;

/**
 * {@code POST /v1/completions}: a raw prompt (text or token ids), no chat template and no reasoning split; the
 * text comes back as the model wrote it, {@code n} choices of it, with log-probabilities when asked.
 */
public final class CompletionsHandler implements Handler {
    private final ServedModel served;
    private final SettingsResolver settings;
    private final Engine engine;

    public CompletionsHandler(ServedModel served, SettingsResolver settings, Engine engine) {
        this.served = served;
        this.settings = settings;
        this.engine = engine;
    }

    @Override
    public void handle(Context ctx) {
        CompletionRequest req = Json.read(ctx, CompletionRequest.class);
        served.require(req.model());
        rejectWhatRemains(req);
        int[] prompt = promptTokens(req.prompt(), served.model().tokenizer());
        int logprobs = logprobs(req.logprobs());
        int n = Fanout.choices(req.n());
        GenerationSettings generation = settings.resolve(req, MaxTokensDefault.OPENAI_COMPLETIONS,
                prompt.length, "prompt").withLogprobs(logprobs);
        String id = Generations.newId("cmpl-");
        long created = Generations.nowSeconds();
        try (Fanout fanout = Fanout.submit(engine, prompt, n, i -> generation)) {
            List<ChoiceState> choices = new ArrayList<>();
            for (int i = 0; i < n; i++) choices.add(new ChoiceState());
            Answer a = new Answer(id, created, logprobs >= 0, choices);
            if (req.isStream()) {
                stream(ctx, fanout, a, req.streamOptions() != null && req.streamOptions().wantsUsage());
            } else {
                Json.write(ctx, 200, collect(fanout, a, DisconnectProbe.of(ctx)));
            }
        }
    }

    private record Answer(String id, long created, boolean logprobs, List<ChoiceState> choices) {}

    private static final class ChoiceState {
        final StringBuilder text = new StringBuilder();
        final List<TokenLogprobs> logprobs = new ArrayList<>();
        GenerationResult result;
    }

    private Completion collect(Fanout fanout, Answer a, DisconnectProbe probe) {
        fanout.drain((t, i) -> {
            ChoiceState c = a.choices.get(i);
            c.text.append(t.text());
            if (t.logprobs() != null) c.logprobs.add(t.logprobs());
        }, (f, i) -> a.choices.get(i).result = f.result(), probe);
        List<Completion.Choice> choices = new ArrayList<>();
        for (int i = 0; i < a.choices.size(); i++) {
            ChoiceState c = a.choices.get(i);
            choices.add(new Completion.Choice(c.text.toString(), i, logprobs(a, c.logprobs, 0),
                    Generations.finishReason(c.result)));
        }
        return new Completion(a.id, a.created, served.name(), choices, usage(a));
    }

    private void stream(Context ctx, Fanout fanout, Answer a, boolean includeUsage) {
        SseChannel sse = new SseChannel(ctx);
        try {
            fanout.drain((t, i) -> {
                ChoiceState c = a.choices.get(i);
                List<TokenLogprobs> lp = t.logprobs() == null ? List.of() : List.of(t.logprobs());
                if (!t.text().isEmpty() || !lp.isEmpty()) {
                    sse.send(chunk(a, i, t.text(), logprobs(a, lp, c.text.length()), null));
                }
                c.text.append(t.text());
            }, (f, i) -> {
                a.choices.get(i).result = f.result();
                sse.send(chunk(a, i, "", null, Generations.finishReason(f.result())));
            }, sse::keepAlive);
            if (includeUsage) sse.send(new Completion(a.id, a.created, served.name(), List.of(), usage(a)));
            sse.done();
        } catch (SseChannel.ClientGoneException e) {
            fanout.close();
        } catch (ApiException e) {
            sse.sendErrorQuietly(ErrorMapper.body(e));
        }
    }

    private CompletionLogprobs logprobs(Answer a, List<TokenLogprobs> tokens, int offset) {
        return a.logprobs ? LogprobsJson.completion(served.model().tokenizer(), tokens, offset) : null;
    }

    private Completion chunk(Answer a, int index, String text, CompletionLogprobs logprobs, String finishReason) {
        return new Completion(a.id, a.created, served.name(),
                List.of(new Completion.Choice(text, index, logprobs, finishReason)), null);
    }

    private static Usage usage(Answer a) {
        int completion = 0;
        for (ChoiceState c : a.choices) completion += c.result.tokens().length;
        return Usage.of(a.choices.get(0).result.promptTokens(), completion, 0);
    }

    /** The legacy {@code logprobs} field: how many alternatives per token, 0..20; null: none. */
    private static int logprobs(Integer requested) {
        if (requested == null) return GenerationSettings.NO_LOGPROBS;
        if (requested < 0 || requested > GenerationSettings.MAX_TOP_LOGPROBS) {
            throw new ApiException.BadRequest("logprobs must be in [0, " + GenerationSettings.MAX_TOP_LOGPROBS
                    + "], got " + requested, "logprobs");
        }
        return requested;
    }

    /**
     * A string, an array of one string, or an array of token ids (also nested once). Several prompts in one
     * request are refused: send one request per prompt.
     */
    public static int[] promptTokens(JsonNode prompt, BpeTokenizer tokenizer) {
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

    private static void rejectWhatRemains(CompletionRequest req) {
        if (Boolean.TRUE.equals(req.echo())) {
            throw new ApiException.BadRequest("echo is not supported yet", "echo");
        }
        if (req.bestOf() != null && req.bestOf() != 1) {
            throw new ApiException.BadRequest("best_of other than 1 is not supported yet", "best_of");
        }
        if (req.suffix() != null && !req.suffix().isEmpty()) {
            throw new ApiException.BadRequest("suffix is not supported yet", "suffix");
        }
        if (req.logitBias() != null && !req.logitBias().isEmpty()) {
            throw new ApiException.BadRequest("logit_bias is not supported yet", "logit_bias");
        }
    }
}
