package r1j.engine.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits template source into text and tag tokens, applying whitespace control the way jinja2 does with Hugging
 * Face's settings: {@code trim_blocks} (drop the first newline after a block or comment tag), {@code lstrip_blocks}
 * (drop spaces and tabs before a block or comment tag that starts a line), and the {@code -}/{@code +} markers.
 * Comments are dropped here; expression tokens inside tags are produced for the parser.
 */
final class Lexer {
    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{",
        "}", ".", ",", ":", "|"
    };

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private final int[] lineStarts;

    private Lexer(String src) {
        this.src = src;
        this.lineStarts = computeLineStarts(src);
    }

    private static int[] computeLineStarts(String src) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < src.length(); i++) if (src.charAt(i) == '\n') starts.add(i + 1);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<Token> tokenize(String src) {
        Lexer lexer = new Lexer(src);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        boolean stripNextText = false; // set by a "-" closing marker
        boolean lineStarting = true; // jinja2: the previous token ended with a newline (or we are at the start)
        while (pos < src.length()) {
            int tagStart = nextTagStart(pos);
            int textEnd = tagStart < 0 ? src.length() : tagStart;
            String text = src.substring(pos, textEnd);
            if (stripNextText) text = stripLeading(text);
            int textPos = pos;
            if (tagStart < 0) {
                emitText(text, textPos);
                pos = src.length();
                break;
            }
            char kind = src.charAt(tagStart + 1); // '{', '%' or '#'
            char marker = tagStart + 2 < src.length() ? src.charAt(tagStart + 2) : ' ';
            if (marker == '-') {
                text = stripTrailing(text);
            } else if (marker != '+' && kind != '{') {
                int lineStart = text.lastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && isBlankRun(text, lineStart)) text = text.substring(0, lineStart);
            }
            emitText(text, textPos);
            pos = tagStart + 2 + (marker == '-' || marker == '+' ? 1 : 0);
            CloseMarker close = switch (kind) {
                case '#' -> skipComment(tagStart);
                case '%' -> lexTag(tagStart, Token.Kind.BLOCK_BEGIN, Token.Kind.BLOCK_END, '%');
                default -> lexTag(tagStart, Token.Kind.VAR_BEGIN, Token.Kind.VAR_END, '}');
            };
            if (kind == '%' && endsRawTag()) close = lexRawBody(close, tagStart);
            stripNextText = close == CloseMarker.STRIP;
            lineStarting = false;
            if (close == CloseMarker.PLAIN && kind != '{' && pos < src.length()) {
                // trim_blocks: one newline after a block or comment tag is eaten.
                if (src.startsWith("\r\n", pos)) pos += 2;
                else if (src.charAt(pos) == '\n') pos++;
                else continue;
                lineStarting = true;
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "", line(src.length()), column(src.length())));
    }

    private enum CloseMarker { PLAIN, STRIP, KEEP }

    private static final java.util.regex.Pattern END_RAW =
            java.util.regex.Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");

    /** True when the tag just lexed is exactly {@code {% raw %}}. */
    private boolean endsRawTag() {
        int n = tokens.size();
        return n >= 3 && tokens.get(n - 3).kind() == Token.Kind.BLOCK_BEGIN && tokens.get(n - 2).isName("raw")
                && tokens.get(n - 1).kind() == Token.Kind.BLOCK_END;
    }

    /** Replaces a {@code {% raw %}} tag by the verbatim text up to {@code {% endraw %}}; returns endraw's marker. */
    private CloseMarker lexRawBody(CloseMarker rawClose, int tagStart) {
        tokens.subList(tokens.size() - 3, tokens.size()).clear();
        java.util.regex.Matcher end = END_RAW.matcher(src);
        if (!end.find(pos)) throw error("missing endraw for raw block", tagStart);
        String body = src.substring(pos, end.start());
        if (rawClose == CloseMarker.STRIP) body = stripLeading(body); // jinja2 never trims a newline after raw
        if (end.group(1).equals("-")) body = stripTrailing(body);
        emitText(body, pos);
        pos = end.end();
        return switch (end.group(2)) {
            case "-" -> CloseMarker.STRIP;
            case "+" -> CloseMarker.KEEP;
            default -> CloseMarker.PLAIN;
        };
    }

    private int nextTagStart(int from) {
        int i = from;
        while (true) {
            i = src.indexOf('{', i);
            if (i < 0 || i + 1 >= src.length()) return -1;
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
            i++;
        }
    }

    private void emitText(String text, int at) {
        if (!text.isEmpty()) tokens.add(new Token(Token.Kind.TEXT, text, line(at), column(at)));
    }

    private CloseMarker skipComment(int tagStart) {
        int end = src.indexOf("#}", pos);
        if (end < 0) throw error("unclosed comment", tagStart);
        char before = src.charAt(end - 1);
        pos = end + 2;
        if (before == '-' && end - 1 >= tagStart + 2) {
            // "-#}" strips what follows
            return CloseMarker.STRIP;
        }
        return before == '+' ? CloseMarker.KEEP : CloseMarker.PLAIN;
    }

    /** Lexes expression tokens up to the closing "%}" / "}}" at bracket depth 0 (jinja2's balancing rule). */
    private CloseMarker lexTag(int tagStart, Token.Kind begin, Token.Kind end, char closeChar) {
        tokens.add(new Token(begin, src.substring(tagStart, tagStart + 2), line(tagStart), column(tagStart)));
        int depth = 0;
        while (true) {
            skipSpaces();
            if (pos >= src.length()) throw error("unexpected end of template, tag not closed", tagStart);
            if (depth == 0) {
                CloseMarker close = null;
                int closeLength = 0;
                if ((src.charAt(pos) == '-' || src.charAt(pos) == '+') && src.startsWith(closeChar + "}", pos + 1)) {
                    close = src.charAt(pos) == '-' ? CloseMarker.STRIP : CloseMarker.KEEP;
                    closeLength = 3;
                } else if (src.startsWith(closeChar + "}", pos)) {
                    close = CloseMarker.PLAIN;
                    closeLength = 2;
                }
                if (close != null) {
                    tokens.add(new Token(end, src.substring(pos, pos + closeLength), line(pos), column(pos)));
                    pos += closeLength;
                    return close;
                }
            }
            Token t = lexExpressionToken();
            if (t.kind() == Token.Kind.OP) {
                switch (t.text()) {
                    case "(", "[", "{" -> depth++;
                    case ")", "]", "}" -> depth = Math.max(0, depth - 1);
                    default -> {}
                }
            }
            tokens.add(t);
        }
    }

    private void skipSpaces() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    private Token lexExpressionToken() {
        int start = pos;
        char c = src.charAt(pos);
        if (c == '\'' || c == '"') return new Token(Token.Kind.STRING, readString(c), line(start), column(start));
        if (Character.isDigit(c)) return readNumber(start);
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
            return new Token(Token.Kind.NAME, src.substring(start, pos), line(start), column(start));
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Token.Kind.OP, op, line(start), column(start));
            }
        }
        throw error("unexpected character '" + c + "'", start);
    }

    private Token readNumber(int start) {
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        boolean isFloat = false;
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
            } else {
                pos = save;
            }
        }
        String text = src.substring(start, pos).replace("_", "");
        return new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INT, text, line(start), column(start));
    }

    /** Reads a Python string literal with its backslash escapes. */
    private String readString(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) throw error("unterminated string literal", start);
            char c = src.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) throw error("unterminated string literal", start);
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'a' -> sb.append('\u0007');
                case '0' -> sb.append('\0');
                case '\n' -> {}
                case 'x' -> sb.appendCodePoint(hex(2, start));
                case 'u' -> sb.appendCodePoint(hex(4, start));
                case 'U' -> sb.appendCodePoint(hex(8, start));
                case '\\', '\'', '"' -> sb.append(e);
                default -> sb.append('\\').append(e); // Python keeps unknown escapes verbatim
            }
        }
    }

    private int hex(int digits, int start) {
        if (pos + digits > src.length()) throw error("truncated escape in string literal", start);
        try {
            int cp = Integer.parseInt(src.substring(pos, pos + digits), 16);
            pos += digits;
            return cp;
        } catch (NumberFormatException e) {
            throw error("bad escape in string literal", start);
        }
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) i--;
        return s.substring(0, i);
    }

    private static boolean isBlankRun(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) != ' ' && s.charAt(i) != '\t') return false;
        }
        return true;
    }

    private TemplateException error(String message, int at) {
        return new TemplateException(TemplateException.Kind.SYNTAX, "syntax error: " + message, line(at), column(at));
    }

    private int line(int at) {
        int i = java.util.Arrays.binarySearch(lineStarts, at);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private int column(int at) {
        return at - lineStarts[line(at) - 1] + 1;
    }
}
