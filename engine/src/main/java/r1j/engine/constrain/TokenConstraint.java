package r1j.engine.constrain;

/**
 * Restricts which tokens may come next in one generation (constrained decoding). The generation loop asks
 * {@link #allows} for every candidate before sampling, tells {@link #accept} the token it chose, and ends the
 * generation once {@link #isComplete}. Stateful: one instance per generation, used by one thread.
 */
public interface TokenConstraint {
    /** Whether {@code tokenId} may be the next token. */
    boolean allows(int tokenId);

    /** Advances past {@code tokenId}, which must have been allowed. */
    void accept(int tokenId);

    /** Whether the output so far is a complete match: nothing more may follow. */
    boolean isComplete();
}
