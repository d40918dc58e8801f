package r1j.engine.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build a {@link BpeTokenizer}, in GGUF's shape whichever file it came from. The arrays are
 * not copied (151k entries each): treat them as read-only. Record equality compares them by identity.
 *
 * @param tokens       token strings by id, in byte-level form as stored ({@code Ġthe}); added tokens as their text
 * @param tokenTypes   GGUF token types by id ({@link TokenType#code})
 * @param merges       BPE merges, best first, each "left right"
 * @param bos          begin-of-sequence id, -1 if none
 * @param eos          end-of-sequence id, -1 if none
 * @param pad          padding id, -1 if none
 * @param addBos       whether a prompt starts with BOS
 * @param addEos       whether a prompt ends with EOS
 * @param addedTokens  tokens matched literally before BPE (ids also present in {@code tokens})
 * @param preTokenizer how text is cut into words
 * @param normalization what happens to text before it is cut
 */
public record TokenizerSpec(
        String[] tokens,
        int[] tokenTypes,
        String[] merges,
        int bos,
        int eos,
        int pad,
        boolean addBos,
        boolean addEos,
        List<AddedToken> addedTokens,
        PreTokenizer preTokenizer,
        TextNormalization normalization) {

    public TokenizerSpec {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(tokenTypes, "tokenTypes");
        Objects.requireNonNull(merges, "merges");
        Objects.requireNonNull(preTokenizer, "preTokenizer");
        Objects.requireNonNull(normalization, "normalization");
        addedTokens = List.copyOf(addedTokens);
        if (tokens.length != tokenTypes.length) {
            throw new TokenizerFormatException(
                    tokens.length + " tokens but " + tokenTypes.length + " token types; they must match");
        }
        for (int i = 0; i < tokenTypes.length; i++) {
            try {
                TokenType.fromCode(tokenTypes[i]);
            } catch (IllegalArgumentException e) {
                throw new TokenizerFormatException("token " + i + " '" + tokens[i] + "': " + e.getMessage());
            }
        }
        checkId("bos", bos, tokens.length);
        checkId("eos", eos, tokens.length);
        checkId("pad", pad, tokens.length);
        if (addBos && bos < 0) throw new TokenizerFormatException("addBos is set but there is no BOS token");
        if (addEos && eos < 0) throw new TokenizerFormatException("addEos is set but there is no EOS token");
        for (AddedToken t : addedTokens) {
            if (t.id() >= tokens.length || !t.content().equals(tokens[t.id()])) {
                throw new TokenizerFormatException("added token " + t.id() + " '" + t.content()
                        + "' does not match the vocabulary (" + tokens.length + " tokens)");
            }
        }
    }

    public int size() {
        return tokens.length;
    }

    public TokenType type(int id) {
        return TokenType.fromCode(tokenTypes[id]);
    }

    private static void checkId(String what, int id, int size) {
        if (id < -1 || id >= size) {
            throw new TokenizerFormatException(what + " id " + id + " is outside the vocabulary of " + size + " tokens");
        }
    }
}
