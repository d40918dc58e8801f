package r1j.engine.runtime;

/**
 * The one way to run the model: submit a tokenized request, read its events from the returned stream, cancel it.
 * The server's routes, the dialogue layer and the CLI all generate through it; {@link BatchEngine} implements it
 * with continuous batching.
 */
public interface Engine extends AutoCloseable {
    /**
     * Queues {@code request}. Its events arrive on the returned stream, from the engine's own thread.
     *
     * @throws EngineFullException      when no more requests may wait, or the prompt can never fit the KV cache
     * @throws IllegalArgumentException when the prompt leaves no room for a generated token
     */
    GenerationStream submit(GenerationRequest request);

    /** A consistent snapshot of the load (running, waiting, KV cache) and the counters, for metrics and health. */
    EngineStats stats();

    /** Stops the engine; requests not finished get a {@link TokenEvent.Failed}. */
    @Override
    void close();
}
