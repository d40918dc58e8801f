package r1j.engine.tokenizer;

/**
 * A token outside the BPE model: its text is matched literally before pre-tokenization instead of being built
 * from merges. {@code special} is Hugging Face's flag ({@code added_tokens[].special}); from a GGUF, where the
 * flag does not exist, it means "control token".
 */
public record AddedToken(int id, String content, boolean special) {
    public AddedToken {
        if (id < 0) throw new IllegalArgumentException("added token '" + content + "' has negative id " + id);
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("added token " + id + " has empty content");
        }
    }
}
