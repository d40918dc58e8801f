package r1j.eval.grading;

import java.util.Map;
import java.util.Optional;

/**
 * Translates the LaTeX subset that final answers use into Symja's input syntax: {@code \frac}, {@code \sqrt} (with an
 * index), powers, {@code \pi}, {@code \infty}, the imaginary unit, the common functions. Anything else (subscripts,
 * {@code \cup}, words) gives empty: such answers are compared as strings only.
 */
final class LatexToSymja {
    private static final Map<String, String> FUNCTIONS = Map.of(
            "\\sin", "Sin", "\\cos", "Cos", "\\tan", "Tan", "\\ln", "Log", "\\log", "Log", "\\exp", "Exp",
            "\\arcsin", "ArcSin", "\\arccos", "ArcCos", "\\arctan", "ArcTan");

    private final String s;
    private int i;

    private LatexToSymja(String s) {
        this.s = s;
    }

    static Optional<String> translate(String normalized) {
        if (normalized.isEmpty() || normalized.contains("_") || normalized.contains("=")
                || normalized.contains("<") || normalized.contains(">") || normalized.contains("\\cup")) {
            return Optional.empty();
        }
        try {
            LatexToSymja t = new LatexToSymja(normalized);
            String out = t.sequence('\0');
            return out.isBlank() ? Optional.empty() : Optional.of(out);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Reads until {@code close} (or the end when close is NUL). */
    private String sequence(char close) {
        StringBuilder out = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == close) {
                i++;
                return out.toString();
            }
            if (c == '\\') {
                out.append(command());
            } else if (c == '{') {
                i++;
                out.append('(').append(sequence('}')).append(')');
            } else if (c == '}') {
                throw new IllegalArgumentException("unbalanced }");
            } else if (c == '^') {
                i++;
                out.append("^(").append(group()).append(')');
            } else if (c == 'i' && !letterAt(i - 1) && !letterAt(i + 1)) {
                i++;
                out.append("*I");
                if (out.length() == 2) out.deleteCharAt(0);
            } else if (Character.isLetterOrDigit(c) || "+-*/()., ".indexOf(c) >= 0 || c == '[' || c == ']') {
                if (c == '[' || c == ']' || c == ',') throw new IllegalArgumentException("not a single expression");
                out.append(c);
                i++;
            } else {
                throw new IllegalArgumentException("unsupported character " + c);
            }
        }
        if (close != '\0') throw new IllegalArgumentException("missing " + close);
        return out.toString();
    }

    private boolean letterAt(int at) {
        return at >= 0 && at < s.length() && Character.isLetter(s.charAt(at));
    }

    /** A braced group or a single character/command, as after {@code ^} or {@code \frac}. */
    private String group() {
        while (i < s.length() && s.charAt(i) == ' ') i++;
        if (i >= s.length()) throw new IllegalArgumentException("missing argument");
        char c = s.charAt(i);
        if (c == '{') {
            i++;
            return sequence('}');
        }
        if (c == '\\') return command();
        i++;
        return String.valueOf(c);
    }

    private String command() {
        int start = i++;
        while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
        String name = s.substring(start, i);
        switch (name) {
            case "\\frac" -> {
                String num = group();
                String den = group();
                return "((" + num + ")/(" + den + "))";
            }
            case "\\sqrt" -> {
                if (i < s.length() && s.charAt(i) == '[') {
                    int end = s.indexOf(']', i);
                    if (end < 0) throw new IllegalArgumentException("unclosed root index");
                    String index = s.substring(i + 1, end);
                    i = end + 1;
                    return "((" + group() + ")^(1/(" + index + ")))";
                }
                return "Sqrt(" + group() + ")";
            }
            case "\\pi" -> {
                return "Pi";
            }
            case "\\infty" -> {
                return "Infinity";
            }
            default -> {
                String f = FUNCTIONS.get(name);
                if (f == null) throw new IllegalArgumentException("unsupported command " + name);
                while (i < s.length() && s.charAt(i) == ' ') i++;
                if (i < s.length() && s.charAt(i) == '(') return f;
                return f + "(" + group() + ")";
            }
        }
    }
}
