package r1j.engine.toolcall;

import java.util.List;

/**
 * A reply split into its plain text and the calls it made, each in the order written.
 *
 * @param content everything that is not a well-formed call (a malformed call stays here as raw text); "" for none
 * @param calls   the well-formed calls
 */
public record ToolCallResult(String content, List<ToolCall> calls) {
    public ToolCallResult {
        calls = List.copyOf(calls);
    }

    public boolean hasCalls() {
        return !calls.isEmpty();
    }
}
