package r1j.engine.runtime;

/** The engine's queue is full, or a request can never fit its KV cache: refuse it now (HTTP 503/429). */
public class EngineFullException extends RuntimeException {
    public EngineFullException(String message) {
        super(message);
    }
}
