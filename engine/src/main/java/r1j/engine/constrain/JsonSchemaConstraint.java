package r1j.engine.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.BitSet;

/**
 * Constrains a generation to one JSON document matching a {@link JsonSchema} (OpenAI's {@code response_format}
 * {@code json_schema}; the dialogue tracker's slot extraction). Tokens are checked by their decoded text against a
 * character-level grammar ({@link JsonGrammar}); the output therefore always parses and validates, and it ends
 * as soon as the document closes.
 *
 * <p>Cost: the allowed set is computed once per generated token by walking {@link TokenTrie} from the current
 * state, visiting only trie nodes whose prefix the grammar still accepts. Inside a string almost every token
 * continues, so the walk visits roughly the whole trie: about 1 thousand nodes for the 1,046-token test vocabulary
 * (microseconds), about 0.5-1 million for Qwen2's 151,936 tokens (in the order of 10-30 ms per token on one
 * core). Between structural characters (keys, enums, numbers) it touches a few hundred nodes.
 */
public final class JsonSchemaConstraint implements TokenConstraint {
    private final TokenTrie trie;
    private final JsonSchema schema;
    private final JsonGrammar.Limits limits;
    private JsonGrammar.State state;
    private BitSet allowed;
    private final StringBuilder text = new StringBuilder();

    public JsonSchemaConstraint(TokenTrie trie, JsonSchema schema) {
        this(trie, schema, JsonGrammar.Limits.DEFAULT);
    }

    JsonSchemaConstraint(TokenTrie trie, JsonSchema schema, JsonGrammar.Limits limits) {
        this.trie = trie;
        this.schema = schema;
        this.limits = limits;
        this.state = JsonGrammar.start(schema, limits);
    }

    /** Parses {@code schema} (see {@link JsonSchema} for the supported subset). */
    public static JsonSchemaConstraint of(TokenTrie trie, JsonNode schema) {
        return new JsonSchemaConstraint(trie, JsonSchema.parse(schema));
    }

    /** Longest document the schema allows, in characters: a safe {@code maxTokens} (every token has a character). */
    public long maxLength() {
        return JsonGrammar.maxLength(schema, limits);
    }

    /** The text accepted so far. */
    public String text() {
        return text.toString();
    }

    @Override
    public boolean allows(int tokenId) {
        if (allowed == null) allowed = computeAllowed();
        return tokenId >= 0 && allowed.get(tokenId);
    }

    @Override
    public void accept(int tokenId) {
        String t = trie.text(tokenId);
        JsonGrammar.State next = t == null ? null : JsonGrammar.feed(state, t);
        if (next == null) {
            throw new IllegalStateException("token " + tokenId + " (" + (t == null ? "no text" : "'" + t + "'")
                    + ") is not allowed after '" + text + "'");
        }
        state = next;
        text.append(t);
        allowed = null;
    }

    @Override
    public boolean isComplete() {
        return state.isComplete();
    }

    private BitSet computeAllowed() {
        BitSet bits = new BitSet(trie.vocabSize());
        if (!state.isComplete()) walk(trie.root(), state, bits);
        return bits;
    }

    private static void walk(TokenTrie.Node node, JsonGrammar.State from, BitSet bits) {
        for (int i = 0; i < node.keys.length; i++) {
            JsonGrammar.State next = JsonGrammar.feed(from, node.keys[i]);
            if (next == null) continue;
            TokenTrie.Node child = node.children[i];
            for (int id : child.tokens) bits.set(id);
            walk(child, next, bits);
        }
    }
}
