package r1j.agent;

import java.time.Duration;

/**
 * One executed (or refused) tool call, as logged and streamed.
 *
 * @param step     which tool step of the loop (1-based) made the call
 * @param call     the call as the model wrote it
 * @param result   what the model reads back: the tool's output, or {@code "error: "} and the error
 * @param error    the error alone, or null when the call succeeded
 * @param duration from start to result (or to giving up)
 */
public record ToolStep(int step, AgentMessage.Call call, String result, String error, Duration duration) {
    public boolean ok() {
        return error == null;
    }
}
