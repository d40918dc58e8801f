package r1j.server;

import r1j.engine.reasoning.ReasoningSplitter;

/**
 * One chat answer as it streams: splits reasoning from content at {@code </think>} and counts reasoning tokens.
 *
 * <p>The rule, for every finish reason: text before {@code </think>} is reasoning, text after it is content, and the
 * tags appear in neither. When the prompt opens a think block (the R1 template ends with {@code <think>\n}) the
 * answer starts as reasoning; a reply that never closes the block (the model stopped, or max tokens cut it) is all
 * reasoning and its content is null. A token counts as reasoning when it arrived while the answer was still inside
 * the think block (the closing tag's token included).
 */
final class ChatOutput {
    private final ReasoningSplitter splitter;
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private int reasoningTokens;

    ChatOutput(boolean promptOpensReasoning) {
        this.splitter = new ReasoningSplitter(promptOpensReasoning);
    }

    /** @param tokenId the token, or -1 for text the engine held back and releases at the end */
    ReasoningSplitter.Delta accept(int tokenId, String text) {
        if (tokenId >= 0 && splitter.inReasoning()) reasoningTokens++;
        return record(splitter.feed(text));
    }

    /** Releases what the splitter held back (a possible partial tag). */
    ReasoningSplitter.Delta finish() {
        return record(splitter.finish());
    }

    private ReasoningSplitter.Delta record(ReasoningSplitter.Delta d) {
        reasoning.append(d.reasoning());
        content.append(d.content());
        return d;
    }

    String reasoning() {
        return reasoning.toString();
    }

    /** The answer after the think block, or null when there is none. */
    String contentOrNull() {
        return content.isEmpty() ? null : content.toString();
    }

    int reasoningTokens() {
        return reasoningTokens;
    }
}
