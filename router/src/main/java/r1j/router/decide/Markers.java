package r1j.router.decide;

import java.util.List;
import java.util.Locale;

/**
 * Which kind of work a prompt asks for, by literal markers. Plain substring tests rather than regular expressions:
 * the text is a client's, and substring search cannot be made to backtrack.
 */
final class Markers {
    private static final List<String> MATH = List.of("\\boxed", "\\frac", "\\sqrt", "\\int", "\\sum", "equation",
            "integral", "derivative", "prove", "probability", "theorem", "solve", "polynomial", "modulo", "remainder");
    private static final List<String> CODE = List.of("```", "def ", "function", "class ", "implement", "algorithm",
            "compile", "stack trace", "exception", "python", "java", "sql", "regex");
    private static final List<String> MULTI_STEP = List.of("step by step", "step-by-step", "first,", "then ",
            "finally", "explain why", "compare", "plan", "1.", "2.");

    private Markers() {}

    /** 0, 0.5 or 1: none, one, or two or more distinct markers of math. */
    static double math(String lowerText) {
        return graded(lowerText, MATH);
    }

    static double code(String lowerText) {
        return graded(lowerText, CODE);
    }

    /** Markers of several steps, or several questions in one prompt. */
    static double multiStep(String lowerText) {
        double markers = graded(lowerText, MULTI_STEP);
        return Math.max(markers, count(lowerText, '?') >= 2 ? 1.0 : 0.0);
    }

    /** Whether the prompt asks for the final answer in {@code \boxed{}} (as the math guides tell R1 to). */
    static boolean asksForBoxed(String text) {
        return text.toLowerCase(Locale.ROOT).contains("\\boxed");
    }

    private static double graded(String text, List<String> markers) {
        int hits = 0;
        for (String m : markers) {
            if (text.contains(m) && ++hits == 2) return 1.0;
        }
        return hits * 0.5;
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == c) n++;
        return n;
    }
}
