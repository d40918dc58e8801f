package r1j.dialogue.tools;

import r1j.agent.tool.ToolFunction;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.constrain.AfterReasoningConstraint;
import r1j.engine.constrain.ForcedToolCall;

/**
 * Makes a turn whose {@code tool_choice} names a function actually call it: after the thinking, decoding may only
 * write that call, its arguments valid for the function's schema. Small models (and the random-weight test model)
 * would otherwise write anything. The call itself is {@link ForcedToolCall}, as for chat completions; this adds the
 * loop's fallback (no constraint when it cannot be enforced) and the reply's thinking budget.
 */
public final class ForcedCall {
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
        ForcedToolCall forced = new ForcedToolCall(function.name(), function.parameters());
        if (!forced.writable(model.tokenizer(), trie)) return null;
        ForcedToolCall.Call call;
        try {
            call = forced.constraint(trie);
        } catch (IllegalArgumentException e) { // JsonSchemaException: a schema outside the supported subset
            return null;
        }
        long budget = Math.max(0, reply.maxTokens() - 1 - call.longest());
        if (reply.reasoningBudget() >= 0) budget = Math.min(budget, reply.reasoningBudget());
        int close = model.tokenizer().id(ReasoningSplitter.CLOSE).orElse(-1);
        return new AfterReasoningConstraint(call.constraint(), promptOpensReasoning, model.tokenizer()::tokenText,
                model.endOfGenerationIds(), close, (int) Math.min(Integer.MAX_VALUE, budget));
    }
}
