package r1j.engine.constrain;

import java.util.Arrays;
import r1j.engine.tokenizer.BpeTokenizer;

/**
 * The decoded texts of a vocabulary's ordinary tokens, arranged as a character trie, built once per tokenizer and
 * shared by every constraint (it is immutable). Walking the trie from a grammar state tests all tokens that share
 * a prefix at once, and prunes every token below a prefix the grammar rejects.
 *
 * <p>Left out, so no constraint ever allows them: special and control tokens (EOS, chat markers: their text would
 * otherwise pass as string content), tokens with no text, and tokens holding part of a UTF-8 character (their
 * text is U+FFFD until a later token completes it, so it cannot be checked on its own). The cost of the last rule:
 * characters outside the tokens' whole-character texts cannot appear in constrained output.
 */
public final class TokenTrie {
    /** One trie node: children by character (sorted, for binary search while building) and the tokens ending here. */
    static final class Node {
        char[] keys = new char[0];
        Node[] children = new Node[0];
        int[] tokens = new int[0];

        Node child(char c) {
            int i = Arrays.binarySearch(keys, c);
            if (i >= 0) return children[i];
            int at = -i - 1;
            Node n = new Node();
            keys = insert(keys, at, c);
            Node[] grown = Arrays.copyOf(children, children.length + 1);
            System.arraycopy(children, at, grown, at + 1, children.length - at);
            grown[at] = n;
            children = grown;
            return n;
        }

        private static char[] insert(char[] a, int at, char c) {
            char[] b = Arrays.copyOf(a, a.length + 1);
            System.arraycopy(a, at, b, at + 1, a.length - at);
            b[at] = c;
            return b;
        }
    }

    private final Node root = new Node();
    private final String[] texts;

    private TokenTrie(String[] texts) {
        this.texts = texts;
        for (int id = 0; id < texts.length; id++) {
            String t = texts[id];
            if (t == null) continue;
            Node n = root;
            for (int i = 0; i < t.length(); i++) {
                n = n.child(t.charAt(i));
            }
            n.tokens = Arrays.copyOf(n.tokens, n.tokens.length + 1);
            n.tokens[n.tokens.length - 1] = id;
        }
    }

    public static TokenTrie of(BpeTokenizer tokenizer) {
        String[] texts = new String[tokenizer.vocabSize()];
        for (int id = 0; id < texts.length; id++) {
            if (tokenizer.isSpecial(id)) continue;
            String t = tokenizer.tokenText(id);
            if (t.isEmpty() || t.indexOf('\uFFFD') >= 0) continue;
            texts[id] = t;
        }
        return new TokenTrie(texts);
    }

    /** For tests: a trie over explicit texts (index = token id; null = never allowed). */
    public static TokenTrie ofTexts(String... texts) {
        return new TokenTrie(texts.clone());
    }

    Node root() {
        return root;
    }

    /** Vocabulary size the trie was built for (ids at or above it are never allowed). */
    public int vocabSize() {
        return texts.length;
    }

    /** The text a token stands for in constrained output, or null when it is never allowed. */
    public String text(int tokenId) {
        return tokenId >= 0 && tokenId < texts.length ? texts[tokenId] : null;
    }
}
