package r1j.engine.tokenizer;

/** A tokenizer file (tokenizer.json, tokenizer_config.json or GGUF metadata) that r1j cannot use, and why. */
public final class TokenizerFormatException extends RuntimeException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
