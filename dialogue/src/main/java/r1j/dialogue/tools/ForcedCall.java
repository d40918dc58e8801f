package r1j.dialogue.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import r1j.agent.tool.ToolFunction;
import r1j.engine.constrain.JsonSchemaConstraint;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.constrain.AfterReasoningConstraint;
import r1j.engine.constrain.ChainConstraint;
import r1j.engine.constrain.LiteralConstraint;

/**
 * Makes a turn whose {@code tool_choice} names a function actually call it: after the thinking, decoding may only
 * write that call, its arguments valid for the function's schema. Small models (and the random-weight test model)
 * would otherwise write anything. The call is written in the hermes markup, whose tag is one ordinary token in R1's
 * vocabulary, while R1's own markers are runs of rare characters a small vocabulary may not hold whole.
 */
public final class ForcedCall {
    private static final String TAIL = "}\n</tool_call>";

    private final LoadedModel model;
    private final TokenTrie trie;

    public ForcedCall(LoadedModel model, TokenTrie trie) {
        this.model = model;
        this.trie = trie;
    }

    /**
     * A fresh constraint for one reply that must call {@code function}, or null when it cannot be enforced by
     * decoding (arguments outside the supported schema subset, markup the vocabulary cannot write): then the prompt
     * instructs and the loop reads whatever comes. The thinking gets what {@code reply.maxTokens()} leaves after the
     * longest call (and no more than the reply's own thinking budget); then {@code </think>} is forced.
     */
    public TokenConstraint constraint(ToolFunction function, boolean promptOpensReasoning, GenerationSettings reply) {
        String head = "<tool_call>\n{\"name\": \"" + function.name() + "\", \"arguments\": ";
        if (!canWrite(head) || !canWrite(TAIL)) return null;
        JsonSchemaConstraint arguments;
        try {
            arguments = JsonSchemaConstraint.of(trie, argumentsSchema(function));
        } catch (IllegalArgumentException e) { // JsonSchemaException: a schema outside the supported subset
            return null;
        }
        TokenConstraint call = new ChainConstraint(List.of(new LiteralConstraint(trie, head), arguments,
                new LiteralConstraint(trie, TAIL)));
        long longest = head.length() + arguments.maxLength() + TAIL.length();
        long budget = Math.max(0, reply.maxTokens() - 1 - longest);
        if (reply.reasoningBudget() >= 0) budget = Math.min(budget, reply.reasoningBudget());
        int close = model.tokenizer().id(ReasoningSplitter.CLOSE).orElse(-1);
        return new AfterReasoningConstraint(call, promptOpensReasoning, model.tokenizer()::tokenText,
                model.endOfGenerationIds(), close, (int) Math.min(Integer.MAX_VALUE, budget));
    }

    /** The schema as an object schema; a function without parameters takes {@code {}}. */
    private static JsonNode argumentsSchema(ToolFunction f) {
        ObjectNode p = f.parameters();
        if (p.has("type") || p.has("enum")) return p;
        ObjectNode object = p.deepCopy();
        object.put("type", "object");
        if (!object.has("properties")) object.putObject("properties");
        return object;
    }

    /** Whether every token of {@code text} is one a constraint may choose (no special or partial-character token). */
    private boolean canWrite(String text) {
        for (int id : model.tokenizer().encode(text, true)) {
            if (trie.text(id) == null) return false;
        }
        return true;
    }
}
