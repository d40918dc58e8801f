package r1j.server;

import java.util.List;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.server.protocol.SamplingFields;

/**
 * Turns a request's sampling fields into engine settings, each value resolved in one place in the order
 * request, then server default (the model's recommendation, or OpenAI's), then OpenAI default (vLLM's
 * {@code to_sampling_params}). Every bad value becomes a 400 naming its field.
 */
final class SettingsResolver {
    private final SamplingOverrides serverDefaults;
    private final int maxModelLen;

    SettingsResolver(SamplingOverrides serverDefaults, int maxModelLen) {
        this.serverDefaults = serverDefaults;
        this.maxModelLen = maxModelLen;
    }

    /** What to do when the request gives no max tokens. */
    enum DefaultLength {
        /** Chat: all the context left. R1 models think long, and max tokens count the thinking. */
        REST_OF_CONTEXT,
        /** Text completions: OpenAI's (and vLLM's) 16. */
        OPENAI_COMPLETIONS
    }

    /**
     * @param maxTokens      the requested limit (null: not given)
     * @param maxTokensParam its field name, for messages
     * @param promptTokens   the prompt's length in tokens
     * @param promptParam    the field that holds the prompt ({@code messages} or {@code prompt})
     */
    GenerationSettings resolve(SamplingFields r, Integer maxTokens, String maxTokensParam, DefaultLength defaultLength,
            int promptTokens, String promptParam) {
        checkN(r.n());
        if (maxTokens != null && maxTokens < 1) {
            throw new ApiException.BadRequest(maxTokensParam + " must be at least 1, got " + maxTokens, maxTokensParam);
        }
        if (promptTokens >= maxModelLen) {
            throw new ApiException.BadRequest("This model's maximum context length is " + maxModelLen
                    + " tokens (--max-model-len), but the prompt has " + promptTokens
                    + " tokens; it must leave room for at least one completion token.", promptParam,
                    "context_length_exceeded");
        }
        int available = maxModelLen - promptTokens;
        if (maxTokens != null && maxTokens > available) {
            throw new ApiException.BadRequest("This model's maximum context length is " + maxModelLen
                    + " tokens (--max-model-len). However, you requested " + (promptTokens + maxTokens) + " tokens ("
                    + promptTokens + " in the prompt, " + maxTokens + " for the completion). Lower " + maxTokensParam
                    + " to at most " + available + " or shorten the prompt.", maxTokensParam,
                    "context_length_exceeded");
        }
        int limit = maxTokens != null ? maxTokens
                : defaultLength == DefaultLength.REST_OF_CONTEXT ? available : Math.min(16, available);
        return new GenerationSettings(sampling(r), limit, stops(r.stop()), Boolean.TRUE.equals(r.ignoreEos()));
    }

    /** Just the sampling of {@code r}, resolved by the same rules (the dialogue layer sizes its own replies). */
    SamplingParams samplingOnly(SamplingFields r) {
        return sampling(r);
    }

    private SamplingParams sampling(SamplingFields r) {
        if (r.topK() != null && r.topK() < -1) {
            throw new ApiException.BadRequest("top_k must be -1 or 0 (off) or a positive count, got " + r.topK(), "top_k");
        }
        SamplingOverrides given = SamplingOverrides.builder()
                .temperature(r.temperature()).topP(r.topP()).topK(r.topK()).minP(r.minP())
                .repetitionPenalty(r.repetitionPenalty()).presencePenalty(r.presencePenalty())
                .frequencyPenalty(r.frequencyPenalty()).seed(r.seed())
                .build();
        try {
            return SamplingParams.withDefaults(given, serverDefaults);
        } catch (IllegalArgumentException e) {
            // SamplingParams names the field first ("top_p must be in (0, 1] ..."): that word is the param.
            String message = e.getMessage();
            int space = message.indexOf(' ');
            throw new ApiException.BadRequest(message, space > 0 ? message.substring(0, space) : null);
        }
    }

    private static void checkN(Integer n) {
        if (n == null || n == 1) return;
        if (n < 1) throw new ApiException.BadRequest("n must be at least 1, got " + n, "n");
        if (n > Fanout.MAX_N) {
            throw new ApiException.BadRequest("n must be at most " + Fanout.MAX_N + " (the choices of one request are"
                    + " decoded together), got " + n, "n");
        }
    }

    private static List<String> stops(List<String> stop) {
        if (stop == null) return List.of();
        for (int i = 0; i < stop.size(); i++) {
            String s = stop.get(i);
            if (s == null || s.isEmpty()) {
                throw new ApiException.BadRequest("stop[" + i + "] must be a non-empty string", "stop");
            }
        }
        return List.copyOf(stop);
    }
}
