package r1j.server.inference;

import r1j.engine.batch.BatchEngine;
import r1j.engine.batch.EngineFullException;
import r1j.engine.batch.EngineListener;
import r1j.engine.batch.EngineResult;
import r1j.engine.batch.EngineStats;
import r1j.engine.batch.RequestHandle;
import r1j.engine.generate.GenerationResult;

/**
 * The server's engine: the continuous-batching {@link BatchEngine} behind the handlers' {@link InferenceEngine}
 * interface. Events are handed to each request's stream from the engine thread without blocking it; a cancelled
 * stream cancels its sequence, whose KV blocks are freed within one step.
 */
public final class BatchingEngine implements InferenceEngine {
    private final BatchEngine engine;

    public BatchingEngine(BatchEngine engine) {
        this.engine = engine;
    }

    public BatchEngine engine() {
        return engine;
    }

    @Override
    public GenerationStream submit(GenerationRequest request) {
        GenerationStream stream = new GenerationStream(request);
        RequestHandle handle;
        try {
            handle = engine.submit(request.prompt(), request.settings(), new StreamListener(stream));
        } catch (EngineFullException e) {
            throw new EngineBusyException(e.getMessage());
        }
        stream.onCancel(handle::cancel);
        return stream;
    }

    @Override
    public Load load() {
        EngineStats s = engine.stats();
        return new Load(s.running(), s.waiting());
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Engine-thread callbacks turned into stream events. */
    private record StreamListener(GenerationStream stream) implements EngineListener {
        @Override
        public void onToken(int tokenId, String textDelta) {
            stream.emit(new TokenEvent.Token(tokenId, textDelta));
        }

        @Override
        public void onFinish(EngineResult r) {
            if (r.failed()) {
                RuntimeException error = r.error() instanceof RuntimeException re ? re
                        : new IllegalStateException("generation failed: " + r.error().getMessage(), r.error());
                stream.emit(new TokenEvent.Failed(error));
                return;
            }
            long prefill = r.firstTokenNanos();
            stream.emit(new TokenEvent.Finished(new GenerationResult(r.tokens(), r.text(), r.finishReason(),
                    r.promptTokens(), r.cachedPromptTokens(), prefill, Math.max(0, r.totalNanos() - prefill))));
        }
    }
}
