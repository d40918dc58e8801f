package r1j.engine.generate;

import java.util.Arrays;
import java.util.Set;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.sampling.Sampler;
import r1j.engine.sampling.StopSequenceMatcher;
import r1j.engine.tokenizer.BpeTokenizer;
import r1j.engine.tokenizer.IncrementalDecoder;

/**
 * What happens to a sequence's logits after the forward pass (vLLM's output processor for one request): sample,
 * decode to UTF-8-safe text, check end-of-generation tokens, stop strings and limits. Shared by the one-sequence
 * Used by the batching engine for every sequence it runs.
 *
 * <p>It also keeps the thinking within the settings' reasoning budget: it follows whether the sequence is inside a
 * think block (the prompt may open one, as R1's template does; the model may open one itself) and, once the block
 * has used the budget, forces {@code </think>} as the next token, so the answer begins. This needs the vocabulary
 * to hold {@code </think>} as one token, as R1's does; without it the budget cannot be enforced and is not.
 */
public final class SequenceOutput {
    private final GenerationSettings settings;
    private final Set<Integer> endOfGeneration;
    private final Sampler sampler;
    private final IncrementalDecoder decoder;
    private final StopSequenceMatcher stops;
    private final StringBuilder text = new StringBuilder();
    private final float[] logitsScratch;
    private int[] tokens = new int[16];
    private int count;
    private FinishReason finishReason;
    private final int thinkOpen;
    private final int thinkClose;
    /** Whether the sequence is inside a think block, and how many tokens it has thought there. */
    private boolean thinking;
    private int thoughtTokens;
    /** The current step's log-probabilities (null unless asked for). */
    private TokenLogprobs logprobs;

    /**
     * The result of one step: the token, the text it made final, the finish reason if it ended the sequence, and
     * the token's log-probabilities when the settings ask for them (else null).
     */
    public record Step(int token, String delta, FinishReason finish, TokenLogprobs logprobs) {
        public Step(int token, String delta, FinishReason finish) {
            this(token, delta, finish, null);
        }
    }

    public SequenceOutput(BpeTokenizer tokenizer, Set<Integer> endOfGeneration, int vocabSize, int[] prompt,
            GenerationSettings settings) {
        this.settings = settings;
        this.endOfGeneration = endOfGeneration;
        this.sampler = new Sampler(settings.sampling(), vocabSize, prompt);
        this.decoder = tokenizer.newDecoder();
        this.stops = new StopSequenceMatcher(settings.stop());
        this.logitsScratch = new float[vocabSize];
        this.thinkOpen = tokenizer.id(ReasoningSplitter.OPEN).orElse(-1);
        this.thinkClose = tokenizer.id(ReasoningSplitter.CLOSE).orElse(-1);
        this.thinking = opensThinking(prompt, thinkOpen, thinkClose);
    }

    /** Whether the prompt's last think tag is an opening one: the model starts inside the block. */
    static boolean opensThinking(int[] prompt, int open, int close) {
        for (int i = prompt.length - 1; i >= 0; i--) {
            if (prompt[i] == close) return false;
            if (prompt[i] == open) return true;
        }
        return false;
    }

    /**
     * Samples the next token from {@code logits[offset .. offset+vocab)} (left untouched) and applies the end rules.
     *
     * @param roomLeft whether the context window can hold one more token after this one
     */
    public Step next(float[] logits, int offset, boolean roomLeft) {
        if (finishReason != null) throw new IllegalStateException("sequence already finished: " + finishReason);
        int vocab = logitsScratch.length;
        System.arraycopy(logits, offset, logitsScratch, 0, vocab);
        TokenConstraint constraint = settings.constraint();
        if (constraint != null) maskDisallowed(constraint, vocab);
        if (reasoningBudgetSpent()) forceOnly(thinkClose, vocab);
        int token = sampler.sample(logitsScratch, vocab);
        followThinking(token);
        logprobs = settings.logprobs() < 0 ? null : TokenLogprobs.of(logits, offset, vocab, token, settings.logprobs());
        if (constraint != null) constraint.accept(token);
        sampler.accept(token);
        if (count == tokens.length) tokens = Arrays.copyOf(tokens, count * 2);
        tokens[count++] = token;
        if (!settings.ignoreEos() && endOfGeneration.contains(token)) {
            return finish(token, "", FinishReason.STOP);
        }
        StopSequenceMatcher.Output out = stops.feed(decoder.accept(token));
        if (out.isStop()) return finish(token, out.text(), FinishReason.STOP);
        if (constraint != null && constraint.isComplete()) return finish(token, out.text(), FinishReason.STOP);
        if (count >= settings.maxTokens() || !roomLeft) return finish(token, out.text(), FinishReason.LENGTH);
        text.append(out.text());
        return new Step(token, out.text(), null, logprobs);
    }

    /**
     * Constrained decoding: every token the constraint forbids gets -infinity, so every sampler stage (greedy
     * included) can only pick an allowed one.
     */
    private void maskDisallowed(TokenConstraint constraint, int vocab) {
        boolean any = false;
        for (int id = 0; id < vocab; id++) {
            if (constraint.allows(id)) {
                any = true;
            } else {
                logitsScratch[id] = Float.NEGATIVE_INFINITY;
            }
        }
        if (!any) throw new IllegalStateException("the token constraint allows no token after " + count + " tokens");
    }

    private boolean reasoningBudgetSpent() {
        return thinking && thinkClose >= 0 && settings.reasoningBudget() != GenerationSettings.UNLIMITED_REASONING
                && thoughtTokens >= settings.reasoningBudget();
    }

    /** Every token but {@code token} gets -infinity: every sampler stage (penalties included) must pick it. */
    private void forceOnly(int token, int vocab) {
        java.util.Arrays.fill(logitsScratch, 0, vocab, Float.NEGATIVE_INFINITY);
        logitsScratch[token] = 0;
    }

    private void followThinking(int token) {
        if (token == thinkClose) {
            thinking = false;
        } else if (thinking) {
            thoughtTokens++;
        } else if (token == thinkOpen) {
            thinking = true;
        }
    }

    /** Tokens generated inside think blocks so far (the closing tag not counted). */
    public int thoughtTokens() {
        return thoughtTokens;
    }

    /** Ends the sequence from outside (the context is full before anything was generated, or a cancel). */
    public String end(FinishReason reason) {
        return finishText(reason);
    }

    private Step finish(int token, String delta, FinishReason reason) {
        text.append(delta);
        String rest = finishText(reason);
        return new Step(token, delta + rest, finishReason, logprobs);
    }

    /** Releases what the decoder and stop matcher held back, unless a stop string already ended the text. */
    private String finishText(FinishReason reason) {
        finishReason = reason;
        StopSequenceMatcher.Output tail = stops.feed(decoder.flush());
        if (tail.isStop()) finishReason = FinishReason.STOP;
        String rest = tail.text() + stops.flush();
        text.append(rest);
        return rest;
    }

    public boolean isFinished() {
        return finishReason != null;
    }

    public FinishReason finishReason() {
        return finishReason;
    }

    public int[] tokens() {
        return Arrays.copyOf(tokens, count);
    }

    public int tokenCount() {
        return count;
    }

    public int lastToken() {
        return tokens[count - 1];
    }

    public String text() {
        return text.toString();
    }
}
