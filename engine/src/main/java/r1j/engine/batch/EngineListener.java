package r1j.engine.batch;

import r1j.engine.generate.TokenLogprobs;

/**
 * Receives one request's output. Called on the engine thread between steps: implementations must not block
 * (hand the data to the request's own thread, e.g. through a queue).
 */
public interface EngineListener {
    /** A generated token and the text that became final with it (may be empty; tokenId -1 for trailing text). */
    void onToken(int tokenId, String textDelta);

    /**
     * The same, with the token's log-probabilities when the request asked for them (null otherwise). The engine
     * calls this one; listeners that want log-probabilities override it.
     */
    default void onToken(int tokenId, String textDelta, TokenLogprobs logprobs) {
        onToken(tokenId, textDelta);
    }

    /** The request ended (normally, cut, cancelled or failed); called exactly once, last. */
    void onFinish(EngineResult result);
}
