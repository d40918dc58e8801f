package r1j.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import r1j.engine.gguf.GgufFile;
import r1j.engine.gguf.GgufFormatException;

/** Reads the {@code tokenizer.ggml.*} metadata of a GGUF file into a {@link TokenizerSpec}. */
final class GgufTokenizerMetadata {
    static final String MODEL = "tokenizer.ggml.model";
    static final String PRE = "tokenizer.ggml.pre";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String MERGES = "tokenizer.ggml.merges";
    static final String BOS = "tokenizer.ggml.bos_token_id";
    static final String EOS = "tokenizer.ggml.eos_token_id";
    static final String PAD = "tokenizer.ggml.padding_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String ADD_EOS = "tokenizer.ggml.add_eos_token";

    private GgufTokenizerMetadata() {}

    static TokenizerSpec read(GgufFile gguf) {
        String where = String.valueOf(gguf.path());
        try {
            if (!gguf.has(TOKENS)) throw new TokenizerFormatException(where + " has no tokenizer (" + TOKENS + " missing)");
            if (!gguf.has(MODEL)) throw new TokenizerFormatException(where + ": " + MODEL + " is missing");
            String model = gguf.getString(MODEL);
            if (!model.equals("gpt2")) {
                throw new TokenizerFormatException(where + ": " + MODEL + " is '" + model
                        + "'; r1j supports only 'gpt2' (byte-level BPE)");
            }
            if (!gguf.has(PRE)) {
                throw new TokenizerFormatException(where + ": " + PRE + " is missing, so the split regex is unknown");
            }
            String pre = gguf.getString(PRE);
            PreTokenizer preTokenizer = PreTokenizer.fromGgufName(pre).orElseThrow(() -> new TokenizerFormatException(
                    where + ": " + PRE + " is '" + pre + "'; r1j knows " + knownPreNames()));
            for (String key : List.of(TOKEN_TYPE, MERGES)) {
                if (!gguf.has(key)) throw new TokenizerFormatException(where + ": " + key + " is missing");
            }
            String[] tokens = gguf.getStringArray(TOKENS);
            int[] types = gguf.getIntArray(TOKEN_TYPE);
            if (types.length != tokens.length) {
                throw new TokenizerFormatException(where + ": " + TOKEN_TYPE + " has " + types.length
                        + " entries for " + tokens.length + " tokens");
            }
            List<AddedToken> added = new ArrayList<>();
            for (int id = 0; id < tokens.length; id++) {
                if (types[id] == TokenType.CONTROL.code || types[id] == TokenType.USER_DEFINED.code) {
                    added.add(new AddedToken(id, tokens[id], types[id] == TokenType.CONTROL.code));
                }
            }
            return new TokenizerSpec(
                    tokens,
                    types,
                    gguf.getStringArray(MERGES),
                    optionalId(gguf, BOS),
                    optionalId(gguf, EOS),
                    optionalId(gguf, PAD),
                    gguf.has(ADD_BOS) && gguf.getBoolean(ADD_BOS),
                    gguf.has(ADD_EOS) && gguf.getBoolean(ADD_EOS),
                    added,
                    preTokenizer,
                    // GGUF does not record the normalizer. The Hugging Face tokenizers these split patterns come from
                    // normalize with NFC (Qwen2) or not at all (GPT-2); we follow Hugging Face, not llama.cpp, here.
                    preTokenizer == PreTokenizer.QWEN2 ? TextNormalization.NFC : TextNormalization.NONE);
        } catch (GgufFormatException e) {
            throw new TokenizerFormatException(where + ": bad tokenizer metadata: " + e.getMessage(), e);
        } catch (TokenizerFormatException e) {
            if (e.getMessage().startsWith(where)) throw e;
            throw new TokenizerFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static int optionalId(GgufFile gguf, String key) throws GgufFormatException {
        return gguf.has(key) ? gguf.getInt(key) : -1;
    }

    private static String knownPreNames() {
        List<String> names = new ArrayList<>();
        for (PreTokenizer p : PreTokenizer.values()) names.addAll(p.ggufNames);
        return names.toString();
    }
}
