package r1j.engine.constrain;

import java.util.Set;
import java.util.function.IntFunction;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.reasoning.ReasoningSplitter;

/**
 * Leaves the thinking free and constrains only the answer: until the output has written {@code </think>} every
 * token is allowed (except the end-of-generation ones: a reply must not end before its answer exists), from then on
 * {@code answer} decides. So {@code response_format} JSON lands in the content, after the reasoning (vLLM#16182,
 * llama.cpp#12276).
 *
 * <p>A thinking budget keeps the answer from being cut: after {@code reasoningBudget} tokens of thinking only the
 * closing tag's token is allowed, so a reply whose thinking would run into {@code max_tokens} still ends with its
 * complete answer.
 */
public final class AfterReasoningConstraint implements TokenConstraint {
    private final TokenConstraint answer;
    private final IntFunction<String> tokenText;
    private final Set<Integer> endOfGeneration;
    private final StringBuilder tail = new StringBuilder();
    private final int closeToken;
    private final int reasoningBudget;
    private int reasoningTokens;
    private boolean reasoning;

    /**
     * @param startsInReasoning whether the prompt leaves the model inside a think block (the R1 template's rule);
     *                          when false the answer is constrained from the first token
     * @param tokenText         a token's text, special tokens included ({@code BpeTokenizer::tokenText})
     */
    public AfterReasoningConstraint(TokenConstraint answer, boolean startsInReasoning, IntFunction<String> tokenText,
            Set<Integer> endOfGeneration) {
        this(answer, startsInReasoning, tokenText, endOfGeneration, -1, Integer.MAX_VALUE);
    }

    /**
     * @param closeToken      the id of the single token {@code </think>}, or -1 when the vocabulary has none (then
     *                        the budget cannot be enforced and is ignored)
     * @param reasoningBudget most tokens of thinking before the closing tag is forced
     */
    public AfterReasoningConstraint(TokenConstraint answer, boolean startsInReasoning, IntFunction<String> tokenText,
            Set<Integer> endOfGeneration, int closeToken, int reasoningBudget) {
        if (reasoningBudget < 0) throw new IllegalArgumentException("reasoning budget must be >= 0, got " + reasoningBudget);
        this.closeToken = closeToken;
        this.reasoningBudget = closeToken < 0 ? Integer.MAX_VALUE : reasoningBudget;
        this.answer = answer;
        this.reasoning = startsInReasoning;
        this.tokenText = tokenText;
        this.endOfGeneration = Set.copyOf(endOfGeneration);
    }

    public boolean inReasoning() {
        return reasoning;
    }

    @Override
    public boolean allows(int tokenId) {
        if (!reasoning) return answer.allows(tokenId);
        if (reasoningTokens >= reasoningBudget) return tokenId == closeToken;
        return !endOfGeneration.contains(tokenId);
    }

    @Override
    public void accept(int tokenId) {
        if (!reasoning) {
            answer.accept(tokenId);
            return;
        }
        reasoningTokens++;
        tail.append(tokenText.apply(tokenId));
        if (tail.indexOf(ReasoningSplitter.CLOSE) >= 0) {
            reasoning = false;
        } else if (tail.length() > ReasoningSplitter.CLOSE.length()) {
            // Only a tag split across tokens needs the text before; keep just enough of it.
            tail.delete(0, tail.length() - ReasoningSplitter.CLOSE.length());
        }
    }

    @Override
    public boolean isComplete() {
        return !reasoning && answer.isComplete();
    }
}
