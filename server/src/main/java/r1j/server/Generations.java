package r1j.server;

import java.time.Duration;
import java.util.UUID;
import r1j.engine.generate.GenerationResult;
import r1j.engine.runtime.Engine;
import r1j.engine.runtime.EngineFullException;
import r1j.engine.runtime.GenerationRequest;
import r1j.engine.runtime.GenerationStream;
import r1j.engine.runtime.TokenEvent;
import r1j.server.http.ApiException;

/** What chat and text completions do alike with the engine: submit, wait for events, name the finish. */
final class Generations {
    /** How long a stream may stay silent before it gets a keep-alive comment (and a disconnect check). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    private Generations() {}

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    static GenerationStream submit(Engine engine, GenerationRequest request) {
        try {
            return engine.submit(request);
        } catch (EngineFullException e) {
            throw new ApiException.Overloaded(e.getMessage());
        }
    }

    /** The next event, waiting as long as it takes (non-streamed answers). */
    static TokenEvent next(GenerationStream stream) {
        try {
            return stream.next();
        } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
            throw new ApiException.Internal("the request was interrupted (the server is stopping)");
        }
    }

    /** The next event, or null after {@link #KEEP_ALIVE} of silence (streamed answers). */
    static TokenEvent poll(GenerationStream stream) {
        try {
            return stream.poll(KEEP_ALIVE);
        } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
            throw new ApiException.Internal("the request was interrupted (the server is stopping)");
        }
    }

    /** OpenAI's name for how a finished generation ended. */
    static String finishReason(GenerationResult result) {
        return switch (result.finishReason()) {
            case STOP -> "stop";
            case LENGTH -> "length";
            // The client is gone when its own request is cancelled: only a stopping server gets here.
            case CANCELLED -> throw new ApiException.Internal("the generation was cancelled (the server is stopping)");
        };
    }

    static ApiException failure(TokenEvent.Failed failed) {
        return new ApiException.Internal("the generation failed: " + failed.error().getMessage());
    }
}
