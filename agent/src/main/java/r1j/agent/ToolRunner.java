package r1j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import r1j.agent.tool.Tool;
import r1j.agent.tool.ToolException;

/**
 * Runs one call so that nothing it does can end the turn: on its own virtual thread, bounded by {@link #timeout()}
 * (then interrupted and abandoned), with every failure, its own or the tool's, turned into an error text for the
 * model. A result longer than {@link #maxResultChars()} is cut, with a note saying so.
 */
public record ToolRunner(Duration timeout, int maxResultChars) {
    /** Above the HTTP tools' own 10 s limit, so theirs (the more precise message) normally fires first. */
    public static final ToolRunner DEFAULT = new ToolRunner(Duration.ofSeconds(15), 16_000);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ToolRunner {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (maxResultChars < 1) throw new IllegalArgumentException("maxResultChars must be >= 1");
    }

    /** What a call gave: the model's text, and the error alone (null on success). */
    record Outcome(String result, String error) {
        static Outcome failed(String error) {
            return new Outcome("error: " + error, error);
        }
    }

    Outcome run(Tool tool, AgentMessage.Call call) {
        ObjectNode arguments;
        try {
            JsonNode parsed = MAPPER.readTree(call.arguments());
            if (!(parsed instanceof ObjectNode object)) return Outcome.failed("the arguments must be one JSON object");
            arguments = object;
        } catch (Exception e) {
            return Outcome.failed("the arguments are not valid JSON");
        }
        List<String> missing = tool.function().requiredArguments().stream()
                .filter(name -> arguments.get(name) == null || arguments.get(name).isNull()).toList();
        if (!missing.isEmpty()) {
            return Outcome.failed("missing required argument" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing.stream().map(n -> "'" + n + "'").toList()));
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("tool " + call.name()).start(() -> {
            try {
                result.complete(tool.call(arguments));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return new Outcome(truncate(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS)), null);
        } catch (TimeoutException e) {
            worker.interrupt();
            return Outcome.failed("the tool timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return Outcome.failed("the call was cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolException) return Outcome.failed(cause.getMessage());
            return Outcome.failed("the tool failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    private String truncate(String text) {
        if (text == null) return "";
        if (text.length() <= maxResultChars) return text;
        return text.substring(0, maxResultChars) + "\n[truncated: " + (text.length() - maxResultChars)
                + " more characters]";
    }
}
