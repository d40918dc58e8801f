package r1j.engine.constrain;

import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;

/**
 * Forces an exact text: a token is allowed when its text is a non-empty prefix of what is still to be written, so
 * the text may come in any tokenization but never overshoots into what follows it.
 */
public final class LiteralConstraint implements TokenConstraint {
    private final TokenTrie trie;
    private final String text;
    private int written;

    public LiteralConstraint(TokenTrie trie, String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("a literal constraint needs text");
        this.trie = trie;
        this.text = text;
    }

    @Override
    public boolean allows(int tokenId) {
        String t = trie.text(tokenId);
        return t != null && !t.isEmpty() && text.startsWith(t, written);
    }

    @Override
    public void accept(int tokenId) {
        if (!allows(tokenId)) {
            throw new IllegalStateException("token " + tokenId + " does not continue '" + text + "' after "
                    + written + " characters");
        }
        written += trie.text(tokenId).length();
    }

    @Override
    public boolean isComplete() {
        return written == text.length();
    }
}
