package r1j.engine.runtime;

/** Receives generated text as it becomes final: whole UTF-8 characters, never part of a stop string. */
@FunctionalInterface
public interface TokenSink {
    /**
     * @param tokenId   the token just generated, or -1 for text held back until the end
     * @param textDelta text that became final with it (may be empty)
     */
    void accept(int tokenId, String textDelta);
}
