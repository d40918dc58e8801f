package r1j.engine.tokenizer;

/**
 * Kind of a vocabulary entry, numbered as GGUF's {@code tokenizer.ggml.token_type} (llama.cpp's
 * {@code llama_token_type}), so a GGUF array can be stored as is.
 */
public enum TokenType {
    NORMAL(1),
    UNKNOWN(2),
    /** Added token that only counts as one token when special parsing is on (BOS, EOS, {@code <|fim_prefix|>}). */
    CONTROL(3),
    /** Added token that always counts as one token ({@code <think>}, {@code <tool_call>}). */
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    public final int code;

    private static final TokenType[] BY_CODE = {null, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE};

    TokenType(int code) {
        this.code = code;
    }

    public static TokenType fromCode(int code) {
        if (code >= 1 && code < BY_CODE.length) return BY_CODE[code];
        throw new IllegalArgumentException("unknown token type " + code + " (GGUF types are 1..6)");
    }
}
