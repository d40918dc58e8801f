package r1j.engine.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import r1j.engine.tokenizer.BpeTokenizer;

/**
 * A tool call that decoding must write, for a {@code tool_choice} that names a function (chat completions and the
 * conversation tool loop alike): {@code <tool_call>\n{"name": "NAME", "arguments": ARGS}\n</tool_call>} with ARGS
 * valid for the function's parameter schema. The hermes markup, because its tag is one ordinary token in R1's
 * vocabulary, while R1's own markers are runs of rare characters a small vocabulary may not hold whole.
 */
public final class ForcedToolCall {
    private static final String TAIL = "}\n</tool_call>";

    private final String head;
    private final JsonNode argumentsSchema;

    /** @param parameters the function's parameter schema as declared */
    public ForcedToolCall(String name, JsonNode parameters) {
        this.head = "<tool_call>\n{\"name\": \"" + name + "\", \"arguments\": ";
        this.argumentsSchema = objectSchema(parameters);
    }

    /** The constraint and the longest text it allows (what the thinking must leave room for). */
    public record Call(TokenConstraint constraint, long longest) {}

    /** The arguments' schema: the declared one, an object schema when it names no type ({@code {}} without any). */
    public JsonNode argumentsSchema() {
        return argumentsSchema;
    }

    /** Whether every token of the markup is one a constraint may choose (no special or partial-character token). */
    public boolean writable(BpeTokenizer tokenizer, TokenTrie trie) {
        return canWrite(tokenizer, trie, head) && canWrite(tokenizer, trie, TAIL);
    }

    /** @throws IllegalArgumentException (a {@code JsonSchemaException}) for a schema outside the supported subset */
    public Call constraint(TokenTrie trie) {
        JsonSchemaConstraint arguments = JsonSchemaConstraint.of(trie, argumentsSchema);
        TokenConstraint call = new ChainConstraint(List.of(new LiteralConstraint(trie, head), arguments,
                new LiteralConstraint(trie, TAIL)));
        return new Call(call, head.length() + arguments.maxLength() + TAIL.length());
    }

    private static JsonNode objectSchema(JsonNode p) {
        if (p.has("type") || p.has("enum")) return p;
        ObjectNode object = p.deepCopy();
        object.put("type", "object");
        if (!object.has("properties")) object.putObject("properties");
        return object;
    }

    private static boolean canWrite(BpeTokenizer tokenizer, TokenTrie trie, String text) {
        for (int id : tokenizer.encode(text, true)) {
            if (trie.text(id) == null) return false;
        }
        return true;
    }
}
