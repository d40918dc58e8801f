package r1j.server.inference;

/**
 * What the HTTP layer needs from the engine: submit a tokenized request, read its events, cancel it. The single
 * {@link EngineWorker} implements it today; a continuous-batching scheduler replaces it behind this interface
 * without changing any handler.
 */
public interface InferenceEngine extends AutoCloseable {
    /**
     * Queues {@code request}. Events arrive on the returned stream, from the engine's own thread.
     *
     * @throws EngineBusyException when no more requests may wait
     */
    GenerationStream submit(GenerationRequest request);

    /** Sequences being generated and waiting right now (health checks, later metrics). */
    Load load();

    /** Stops the engine; requests not finished get a {@link TokenEvent.Failed}. */
    @Override
    void close();

    record Load(int running, int waiting) {}
}
