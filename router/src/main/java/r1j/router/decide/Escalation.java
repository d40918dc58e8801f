package r1j.router.decide;

import java.util.Optional;
import r1j.router.config.RouteConfig;

/**
 * The cascade: signals, observable in the edge's answer, that it probably failed, so the centre should answer
 * instead. Only non-streamed answers are judged (a stream has already reached the client).
 */
public final class Escalation {
    /** Markup of a tool call begun in text (R1's own and hermes'): a call was meant but did not parse. */
    private static final String[] CALL_MARKUP = {"<tool_call>", "<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>"};

    private final RouteConfig.Escalation rules;

    public Escalation(RouteConfig.Escalation rules) {
        this.rules = rules;
    }

    /** The first signal that fires, as the reason reported ({@code escalated_length}...), or empty. */
    public Optional<String> signal(RequestFeatures request, EdgeAnswer answer) {
        if (rules.length() && "length".equals(answer.finishReason())) return Optional.of("escalated_length");
        if (rules.missingBoxed() && request.asksForBoxed() && !answer.content().contains("\\boxed{")) {
            return Optional.of("escalated_missing_boxed");
        }
        if (rules.badToolCall() && request.toolsOffered() && answer.toolCalls() == 0
                && (request.toolCallExpected() || beginsCall(answer.content()))) {
            return Optional.of("escalated_bad_tool_call");
        }
        if (rules.minMeanLogprob() != null && !Double.isNaN(answer.meanLogprob())
                && answer.meanLogprob() < rules.minMeanLogprob()) {
            return Optional.of("escalated_low_logprob");
        }
        return Optional.empty();
    }

    /** Whether a signal needs the answer's token logprobs (the edge then computes them even when not asked). */
    public boolean readsLogprobs() {
        return rules.minMeanLogprob() != null;
    }

    private static boolean beginsCall(String content) {
        for (String m : CALL_MARKUP) if (content.contains(m)) return true;
        return false;
    }
}
