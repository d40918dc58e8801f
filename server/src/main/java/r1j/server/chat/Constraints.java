package r1j.server.chat;

import r1j.engine.constrain.AfterReasoningConstraint;
import r1j.engine.constrain.ForcedToolCall;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;
import r1j.engine.model.LoadedModel;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.server.prompt.ToolPlan;

/**
 * Builds each sequence's decoding constraint from what a chat request demands: a {@code response_format} JSON answer,
 * or a forced tool call. Both apply only after the thinking ({@link AfterReasoningConstraint}). The token trie is
 * built on first use and shared.
 */
final class Constraints {
    private final LoadedModel model;
    private volatile TokenTrie trie;

    Constraints(LoadedModel model) {
        this.model = model;
    }

    TokenTrie trie() {
        TokenTrie t = trie;
        if (t == null) {
            synchronized (this) {
                if (trie == null) trie = TokenTrie.of(model.tokenizer());
                t = trie;
            }
        }
        return t;
    }

    /**
     * The function a forced call can be constrained to, or null when the plan forces none or cannot be enforced by
     * decoding (several functions under {@code required}, or arguments outside the supported schema subset: then
     * the prompt instructs and the reply is validated only).
     */
    ToolPlan.Function forcedFunction(ToolPlan tools) {
        if (!tools.active() || !tools.mustCall()) return null;
        ToolPlan.Function f = tools.choice() == ToolPlan.Choice.NAMED
                ? tools.functions().stream().filter(x -> x.name().equals(tools.forced())).findFirst().orElseThrow()
                : tools.functions().size() == 1 ? tools.functions().get(0) : null;
        if (f == null) return null;
        ForcedToolCall call = new ForcedToolCall(f.name(), f.parameters());
        if (!ResponseFormat.supported(call.argumentsSchema())) return null;
        return call.writable(model.tokenizer(), trie()) ? f : null;
    }

    /**
     * A fresh constraint for one sequence, or null when the answer is free. The thinking gets what
     * {@code maxTokens} leaves after the longest answer the constraint allows; then {@code </think>} is forced.
     */
    TokenConstraint forSequence(ResponseFormat format, ToolPlan.Function forced, boolean promptOpensReasoning,
            int maxTokens) {
        TokenConstraint answer;
        long longest;
        if (format.constrained()) {
            ResponseFormat.Answer json = format.newConstraint(trie(), maxTokens);
            answer = json.constraint();
            longest = json.longest();
        } else if (forced != null) {
            ForcedToolCall.Call call = new ForcedToolCall(forced.name(), forced.parameters()).constraint(trie());
            answer = call.constraint();
            longest = call.longest();
        } else {
            return null;
        }
        int close = model.tokenizer().id(ReasoningSplitter.CLOSE).orElse(-1);
        int budget = (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxTokens - 1 - longest));
        return new AfterReasoningConstraint(answer, promptOpensReasoning, model.tokenizer()::tokenText,
                model.endOfGenerationIds(), close, budget);
    }
}
