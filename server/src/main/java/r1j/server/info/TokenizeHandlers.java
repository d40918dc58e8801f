package r1j.server.info;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.server.generation.ServedModel;
import r1j.server.http.ApiException;
import r1j.server.http.Json;
import r1j.server.prompt.ChatPromptBuilder;
import r1j.server.protocol.DetokenizeRequest;
import r1j.server.protocol.DetokenizeResponse;
import r1j.server.protocol.TokenizeRequest;
import r1j.server.protocol.TokenizeResponse;

/** {@code POST /tokenize} and {@code POST /detokenize} (vLLM's shapes). */
public final class TokenizeHandlers {
    private final ServedModel served;
    private final ChatPromptBuilder prompts;

    public TokenizeHandlers(ServedModel served, ChatPromptBuilder prompts) {
        this.served = served;
        this.prompts = prompts;
    }

    public void tokenize(Context ctx) {
        TokenizeRequest req = Json.read(ctx, TokenizeRequest.class);
        served.require(req.model());
        BpeTokenizer tokenizer = served.model().tokenizer();
        int[] tokens;
        if (req.messages() != null) {
            if (req.prompt() != null) {
                throw new ApiException.BadRequest("give either prompt or messages, not both", "prompt");
            }
            tokens = prompts.build(req.messages(), req.foldSystemPrompt(), !Boolean.FALSE.equals(req.addGenerationPrompt())).tokens();
        } else if (req.prompt() != null) {
            // Special-token text (e.g. "<think>") becomes its token, as in prompts the engine sees.
            tokens = Boolean.FALSE.equals(req.addSpecialTokens())
                    ? tokenizer.encode(req.prompt(), true) : tokenizer.encodeWithBos(req.prompt());
        } else {
            throw new ApiException.BadRequest("prompt (text) or messages is required", "prompt");
        }
        List<String> strings = null;
        if (Boolean.TRUE.equals(req.returnTokenStrs())) {
            strings = new ArrayList<>(tokens.length);
            for (int id : tokens) strings.add(tokenizer.tokenText(id));
        }
        Json.write(ctx, 200, new TokenizeResponse(tokens.length, served.maxModelLen(), tokens, strings));
    }

    public void detokenize(Context ctx) {
        DetokenizeRequest req = Json.read(ctx, DetokenizeRequest.class);
        served.require(req.model());
        if (req.tokens() == null) throw new ApiException.BadRequest("tokens (an array of token ids) is required", "tokens");
        BpeTokenizer tokenizer = served.model().tokenizer();
        int[] ids = new int[req.tokens().size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = req.tokens().get(i);
            if (id == null || id < 0 || id >= tokenizer.vocabSize()) {
                throw new ApiException.BadRequest("tokens[" + i + "] must be a token id in [0, " + tokenizer.vocabSize()
                        + "), got " + id, "tokens");
            }
            ids[i] = id;
        }
        Json.write(ctx, 200, new DetokenizeResponse(tokenizer.decode(ids)));
    }
}
