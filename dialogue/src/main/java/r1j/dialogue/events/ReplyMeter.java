package r1j.dialogue.events;

import r1j.engine.generate.GenerationResult;
import r1j.engine.reasoning.ReasoningSplitter;

/**
 * Times and counts one streamed reply as its tokens arrive: when the thinking ended (the first answer text) and how
 * many tokens each part took. One meter per reply; not thread-safe, fed from the one decoding callback.
 */
public final class ReplyMeter {
    private final long startNanos = System.nanoTime();
    private final int promptTokens;
    private long answerStartNanos = -1;
    private boolean thought;
    private int reasoningTokens;

    /** Started as the prompt of {@code promptTokens} tokens is submitted. */
    public ReplyMeter(int promptTokens) {
        this.promptTokens = promptTokens;
    }

    /** One generated token, as the splitter divided its text. */
    public void token(ReasoningSplitter.Delta delta) {
        if (!delta.reasoning().isEmpty()) thought = true;
        if (answerStartNanos < 0 && !delta.content().isEmpty()) answerStartNanos = System.nanoTime();
        // Tokens that show nothing (the closing </think>) count with the part they end.
        if (answerStartNanos < 0) reasoningTokens++;
    }

    /** The numbers of the finished (or cut short) reply; {@code result} is null when the generation failed. */
    public ReplyStats finish(GenerationResult result, String preset) {
        long end = System.nanoTime();
        int generated = result == null ? reasoningTokens : result.tokens().length;
        int reasoning = Math.min(reasoningTokens, generated);
        Long thinkingMs = thought ? millis((answerStartNanos < 0 ? end : answerStartNanos) - startNanos) : null;
        return new ReplyStats(preset, thinkingMs, millis(end - startNanos), promptTokens, reasoning,
                generated - reasoning, result == null ? 0 : result.generatedTokensPerSecond());
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
