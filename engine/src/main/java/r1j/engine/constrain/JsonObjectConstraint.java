package r1j.engine.constrain;

import java.util.BitSet;
import r1j.engine.constrain.TokenConstraint;
import r1j.engine.constrain.TokenTrie;

/**
 * Any JSON object, no schema (OpenAI's {@code response_format: {"type": "json_object"}}): tokens are checked by their
 * text against a character-level JSON recogniser. The output always parses: a token is allowed only when the
 * object can still be closed within {@code maxChars} characters after it, so a reply never runs out of room
 * mid-value (every token has at least one character, so {@code maxChars} tokens always suffice). Runs of
 * whitespace are capped so a model cannot idle forever; nesting is capped at {@link #MAX_DEPTH}.
 *
 * <p>Cost: each step tests every token's text from the current state (no trie walk: the trie's nodes belong to the
 * schema constraint's package), about a million character steps for Qwen2's vocabulary.
 */
public final class JsonObjectConstraint implements TokenConstraint {
    static final int MAX_DEPTH = 16;
    static final int MAX_WHITESPACE = 4;

    private final TokenTrie trie;
    private final int maxChars;
    private State state = State.START;
    private int written;
    private BitSet allowed;

    public JsonObjectConstraint(TokenTrie trie, int maxChars) {
        if (maxChars < 2) throw new IllegalArgumentException("a JSON object needs at least 2 characters, got " + maxChars);
        this.trie = trie;
        this.maxChars = maxChars;
    }

    public int maxChars() {
        return maxChars;
    }

    @Override
    public boolean allows(int tokenId) {
        if (allowed == null) {
            allowed = new BitSet(trie.vocabSize());
            for (int id = 0; id < trie.vocabSize(); id++) {
                String t = trie.text(id);
                if (t != null && fits(t)) allowed.set(id);
            }
        }
        return tokenId >= 0 && allowed.get(tokenId);
    }

    private boolean fits(String text) {
        if (written + text.length() > maxChars) return false;
        State s = feed(state, text);
        return s != null && written + text.length() + s.minToClose() <= maxChars;
    }

    @Override
    public void accept(int tokenId) {
        String t = trie.text(tokenId);
        State next = t == null ? null : feed(state, t);
        if (next == null) throw new IllegalStateException("token " + tokenId + " is not allowed here");
        state = next;
        written += t.length();
        allowed = null;
    }

    @Override
    public boolean isComplete() {
        return state.mode == Mode.DONE;
    }

    static State feed(State s, CharSequence text) {
        State at = s;
        for (int i = 0; i < text.length() && at != null; i++) at = at.feed(text.charAt(i));
        return at;
    }

    enum Mode { START, OBJ_FIRST, OBJ_NEXT_KEY, KEY, COLON, VALUE, ARR_FIRST, STRING, NUMBER, LITERAL, AFTER, DONE }

    /** The containers open around the current position, innermost first. */
    record Frame(boolean object, Frame parent, int depth) {
        Frame push(boolean isObject) {
            return new Frame(isObject, this, depth + 1);
        }
    }

    private static final String[] LITERALS = {"true", "false", "null"};
    // Number phases.
    private static final int MINUS = 0, ZERO = 1, INT = 2, DOT = 3, FRACTION = 4, EXP = 5, EXP_SIGN = 6, EXP_DIGITS = 7;

    /**
     * Immutable recogniser state. {@code aux}: in strings the escape state (0 none, 1 after a backslash, 2..5 inside
     * {@code \\uXXXX}); in numbers the phase; in literals {@code literal * 8 + position}.
     */
    record State(Mode mode, int aux, Frame stack, int whitespace) {
        static final State START = new State(Mode.START, 0, null, 0);

        int depth() {
            return stack == null ? 0 : stack.depth();
        }

        /** The fewest characters that complete the document from here. */
        int minToClose() {
            int closers = depth();
            return switch (mode) {
                case START -> 2;
                case OBJ_FIRST, ARR_FIRST, AFTER -> closers;
                case OBJ_NEXT_KEY -> 4 + closers;
                case KEY -> escapeLeft() + 3 + closers;
                case COLON -> 2 + closers;
                case VALUE -> 1 + closers;
                case STRING -> escapeLeft() + 1 + closers;
                case NUMBER -> (aux == MINUS || aux == DOT || aux == EXP || aux == EXP_SIGN ? 1 : 0) + closers;
                case LITERAL -> LITERALS[aux / 8].length() - aux % 8 + closers;
                case DONE -> 0;
            };
        }

        private int escapeLeft() {
            return aux == 0 ? 0 : aux == 1 ? 1 : 6 - aux;
        }

        private State to(Mode m, int a, Frame f) {
            return new State(m, a, f, 0);
        }

        /** Whitespace where the grammar allows it, capped per run. */
        private State space() {
            return whitespace >= MAX_WHITESPACE ? null : new State(mode, aux, stack, whitespace + 1);
        }

        State feed(char c) {
            boolean ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            return switch (mode) {
                case START -> c == '{' ? to(Mode.OBJ_FIRST, 0, new Frame(true, null, 1)) : null;
                case OBJ_FIRST -> ws ? space() : c == '"' ? to(Mode.KEY, 0, stack) : c == '}' ? close() : null;
                case OBJ_NEXT_KEY -> ws ? space() : c == '"' ? to(Mode.KEY, 0, stack) : null;
                case KEY -> string(c, Mode.COLON);
                case COLON -> ws ? space() : c == ':' ? to(Mode.VALUE, 0, stack) : null;
                case VALUE -> ws ? space() : valueStart(c);
                case ARR_FIRST -> ws ? space() : c == ']' ? close() : valueStart(c);
                case STRING -> string(c, Mode.AFTER);
                case NUMBER -> number(c);
                case LITERAL -> {
                    String word = LITERALS[aux / 8];
                    int pos = aux % 8;
                    if (c != word.charAt(pos)) yield null;
                    yield pos + 1 == word.length() ? to(Mode.AFTER, 0, stack) : to(Mode.LITERAL, aux + 1, stack);
                }
                case AFTER -> {
                    if (ws) yield space();
                    if (c == ',') yield to(stack.object() ? Mode.OBJ_NEXT_KEY : Mode.VALUE, 0, stack);
                    if (c == (stack.object() ? '}' : ']')) yield close();
                    yield null;
                }
                case DONE -> null;
            };
        }

        private State close() {
            Frame parent = stack.parent();
            return parent == null ? to(Mode.DONE, 0, null) : to(Mode.AFTER, 0, parent);
        }

        private State valueStart(char c) {
            if (c == '{' || c == '[') {
                if (depth() >= MAX_DEPTH) return null;
                return to(c == '{' ? Mode.OBJ_FIRST : Mode.ARR_FIRST, 0, stack.push(c == '{'));
            }
            if (c == '"') return to(Mode.STRING, 0, stack);
            if (c == '-') return to(Mode.NUMBER, MINUS, stack);
            if (c == '0') return to(Mode.NUMBER, ZERO, stack);
            if (c >= '1' && c <= '9') return to(Mode.NUMBER, INT, stack);
            for (int i = 0; i < LITERALS.length; i++) {
                if (c == LITERALS[i].charAt(0)) return to(Mode.LITERAL, i * 8 + 1, stack);
            }
            return null;
        }

        private State string(char c, Mode after) {
            if (aux == 1) {
                if (c == 'u') return to(mode, 2, stack);
                return "\"\\/bfnrt".indexOf(c) >= 0 ? to(mode, 0, stack) : null;
            }
            if (aux >= 2) {
                if (Character.digit(c, 16) < 0) return null;
                return to(mode, aux == 5 ? 0 : aux + 1, stack);
            }
            if (c == '"') return to(after, 0, stack);
            if (c < 0x20) return null;
            return to(mode, c == '\\' ? 1 : 0, stack);
        }

        private State number(char c) {
            boolean digit = c >= '0' && c <= '9';
            int next = switch (aux) {
                case MINUS -> c == '0' ? ZERO : digit ? INT : -1;
                case ZERO -> c == '.' ? DOT : c == 'e' || c == 'E' ? EXP : -2;
                case INT -> digit ? INT : c == '.' ? DOT : c == 'e' || c == 'E' ? EXP : -2;
                case DOT -> digit ? FRACTION : -1;
                case FRACTION -> digit ? FRACTION : c == 'e' || c == 'E' ? EXP : -2;
                case EXP -> c == '+' || c == '-' ? EXP_SIGN : digit ? EXP_DIGITS : -1;
                case EXP_SIGN -> digit ? EXP_DIGITS : -1;
                case EXP_DIGITS -> digit ? EXP_DIGITS : -2;
                default -> -1;
            };
            if (next >= 0) return to(Mode.NUMBER, next, stack);
            // -2: the number is complete and the character belongs to what follows it.
            return next == -2 ? to(Mode.AFTER, 0, stack).feed(c) : null;
        }
    }
}
