package r1j.server.chat;

import java.util.ArrayList;
import java.util.List;
import r1j.engine.reasoning.ReasoningSplitter;
import r1j.engine.toolcall.ToolCall;
import r1j.engine.toolcall.ToolCallParser;
import r1j.engine.toolcall.ToolCallStream;

/**
 * One chat answer as it streams: splits reasoning from content at {@code </think>}, finds tool calls in the content
 * (when tools are offered) and counts reasoning tokens.
 *
 * <p>The rule, for every finish reason: text before {@code </think>} is reasoning, text after it is content, and the
 * tags appear in neither. When the prompt opens a think block (the R1 template ends with {@code <think>\n}) the
 * answer starts as reasoning; a reply that never closes the block (the model stopped, or max tokens cut it) is all
 * reasoning and its content is null. A token counts as reasoning when it arrived while the answer was still inside
 * the think block (the closing tag's token included). Tool calls are looked for only in the content; a call that
 * does not parse stays in the content as the model wrote it.
 *
 * <p>With {@link ReasoningFormat#NONE} nothing is split: the text, tags included, is all content (for clients that
 * read only {@code content}); the thinking tokens are still counted.
 */
final class ChatOutput {
    /** What one step made final: reasoning text, content text, and whole tool calls. */
    record Delta(String reasoning, String content, List<ToolCall> calls) {
        boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty() && calls.isEmpty();
        }
    }

    private final ReasoningSplitter splitter;
    private final boolean split;
    private final ToolCallStream tools;
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    private int reasoningTokens;
    private final StringBuilder leading = new StringBuilder();
    private boolean contentStarted;

    /** @param toolCalls the parser for calls in the content, or null when no tools were offered */
    ChatOutput(boolean promptOpensReasoning, ToolCallParser toolCalls, ReasoningFormat format) {
        this.splitter = new ReasoningSplitter(promptOpensReasoning);
        this.split = format == ReasoningFormat.DEEPSEEK;
        this.tools = toolCalls == null ? null : toolCalls.stream();
    }

    /** @param tokenId the token, or -1 for text the engine held back and releases at the end */
    Delta accept(int tokenId, String text) {
        if (tokenId >= 0 && splitter.inReasoning()) reasoningTokens++;
        ReasoningSplitter.Delta d = splitter.feed(text);
        return record(split ? d : new ReasoningSplitter.Delta("", text), false);
    }

    /** Releases what the splitter and the tool-call reader held back (a possible partial tag or call). */
    Delta finish() {
        ReasoningSplitter.Delta d = splitter.finish();
        return record(split ? d : new ReasoningSplitter.Delta("", ""), true);
    }

    private Delta record(ReasoningSplitter.Delta d, boolean last) {
        String text = d.content();
        List<ToolCall> newCalls = List.of();
        if (tools != null) {
            ToolCallStream.Delta t = tools.feed(text);
            if (last) {
                ToolCallStream.Delta rest = tools.finish();
                List<ToolCall> all = new ArrayList<>(t.calls());
                all.addAll(rest.calls());
                t = new ToolCallStream.Delta(t.content() + rest.content(), all);
            }
            text = t.content();
            newCalls = t.calls();
            text = holdLeadingWhitespace(text, newCalls, last);
        }
        reasoning.append(d.reasoning());
        content.append(text);
        calls.addAll(newCalls);
        return new Delta(d.reasoning(), text, newCalls);
    }

    /**
     * With tools offered, whitespace at the start of the content (the blank line after {@code </think>}) waits for
     * what follows: text releases it, while a reply that is only calls drops it, so a streamed answer's content
     * equals the non-streamed one (null when only calls came).
     */
    private String holdLeadingWhitespace(String text, List<ToolCall> newCalls, boolean last) {
        if (contentStarted) return text;
        leading.append(text);
        if (!leading.toString().isBlank()) {
            contentStarted = true;
            String all = leading.toString();
            leading.setLength(0);
            return all;
        }
        if (last && calls.isEmpty() && newCalls.isEmpty()) {
            String all = leading.toString();
            leading.setLength(0);
            return all;
        }
        return "";
    }

    String reasoning() {
        return reasoning.toString();
    }

    /** The answer after the think block, or null when there is none. */
    String contentOrNull() {
        return content.isEmpty() ? null : content.toString();
    }

    List<ToolCall> calls() {
        return List.copyOf(calls);
    }

    int reasoningTokens() {
        return reasoningTokens;
    }
}
