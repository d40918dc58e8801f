package r1j.server.protocol;

import java.util.List;
import java.util.Map;

/** A text completion's legacy {@code logprobs} object: parallel lists, one position per generated token. */
public record CompletionLogprobs(List<String> tokens, List<Double> tokenLogprobs,
        List<Map<String, Double>> topLogprobs, List<Integer> textOffset) {}
