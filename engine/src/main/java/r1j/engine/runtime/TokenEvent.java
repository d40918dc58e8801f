package r1j.engine.runtime;

import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.TokenLogprobs;

/** What the engine reports about one sequence, in order: tokens, then exactly one {@link Finished} or {@link Failed}. */
public sealed interface TokenEvent {
    /**
     * A generated token and the text that became final with it (may be empty; id -1 for text held back until the
     * end), with its log-probabilities when the request asked for them (else null).
     */
    record Token(int tokenId, String text, TokenLogprobs logprobs) implements TokenEvent {
        public Token(int tokenId, String text) {
            this(tokenId, text, null);
        }
    }

    /** The sequence ended normally (stop, length) or was cancelled. */
    record Finished(GenerationResult result) implements TokenEvent {}

    /** The engine failed on this sequence; the message is safe to show the client. */
    record Failed(RuntimeException error) implements TokenEvent {}
}
