package r1j.server.inference;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import r1j.dialogue.GenerationFunction;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.generate.TokenSink;

/**
 * Lets the dialogue layer generate through the server's engine: the call blocks its (virtual) thread while the
 * batching engine runs the sequence among the others, streams tokens to the sink, and cancels the sequence as soon
 * as {@code cancelled} says so.
 */
public final class EngineGenerationFunction implements GenerationFunction {
    private static final Duration POLL = Duration.ofMillis(100);
    private final InferenceEngine engine;
    private final AtomicLong ids = new AtomicLong();

    public EngineGenerationFunction(InferenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public GenerationResult generate(int[] prompt, GenerationSettings settings, TokenSink sink, BooleanSupplier cancelled) {
        GenerationStream stream = engine.submit(new GenerationRequest("conv-" + ids.incrementAndGet(), prompt, settings));
        try {
            while (true) {
                if (cancelled.getAsBoolean()) stream.cancel();
                TokenEvent event = stream.poll(POLL);
                switch (event) {
                    case null -> { }
                    case TokenEvent.Token t -> sink.accept(t.tokenId(), t.text());
                    case TokenEvent.Finished f -> {
                        return f.result();
                    }
                    case TokenEvent.Failed f -> throw f.error();
                }
            }
        } catch (InterruptedException e) {
            stream.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        }
    }
}
