package r1j.engine.batch;

/**
 * Receives one request's output. Called on the engine thread between steps: implementations must not block
 * (hand the data to the request's own thread, e.g. through a queue).
 */
public interface EngineListener {
    /** A generated token and the text that became final with it (may be empty; tokenId -1 for trailing text). */
    void onToken(int tokenId, String textDelta);

    /** The request ended (normally, cut, cancelled or failed); called exactly once, last. */
    void onFinish(EngineResult result);
}
