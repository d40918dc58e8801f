package r1j.server.generation;

import java.time.Duration;
import java.util.UUID;
import r1j.engine.generate.GenerationResult;
import r1j.engine.runtime.TokenEvent;
import r1j.server.http.ApiException;

/** What chat and text completions share about a generation: ids, timestamps, the finish reason's name, failures. */
public final class Generations {
    /** How long a stream may stay silent before it gets a keep-alive comment (and a disconnect check). */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    private Generations() {}

    public static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    public static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /** OpenAI's name for how a finished generation ended. */
    public static String finishReason(GenerationResult result) {
        return switch (result.finishReason()) {
            case STOP -> "stop";
            case LENGTH -> "length";
            // The client is gone when its own request is cancelled: only a stopping server gets here.
            case CANCELLED -> throw new ApiException.Internal("the generation was cancelled (the server is stopping)");
        };
    }

    public static ApiException failure(TokenEvent.Failed failed) {
        return new ApiException.Internal("the generation failed: " + failed.error().getMessage());
    }
}
