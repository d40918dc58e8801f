package r1j.eval.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the final answer in a reply: the reasoning is dropped, then the last boxed answer, else the fallbacks. */
public final class AnswerExtractor {
    private static final String THINK_END = "</think>";
    private static final Pattern ANSWER_IS = Pattern.compile(
            "(?i)(?:final answer|the answer|answer)\\s*(?:is|:|=)\\s*:?\\s*(.+?)\\s*(?:\\.(?:\\s|$)|\\n|$)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?(?:/\\d+)?|-?\\.\\d+");

    private AnswerExtractor() {}

    /**
     * The answer part of a reply. A server that splits reasoning hands it over as {@code reasoning_content} and the
     * content is the answer; one that does not leaves {@code <think>...</think>} in the content, so the text after the
     * last {@code </think>} is the answer. An opened but never closed block is all reasoning (the reply was cut).
     */
    public static String answerPart(String content) {
        if (content == null) return "";
        int end = content.lastIndexOf(THINK_END);
        if (end >= 0) return content.substring(end + THINK_END.length());
        if (content.stripLeading().startsWith("<think>")) return "";
        return content;
    }

    public static Extraction extract(String content) {
        String answer = answerPart(content);
        String boxed = lastBoxed(answer);
        if (boxed != null) return new Extraction(boxed.strip(), Extraction.Method.BOXED);
        String phrase = null;
        for (Matcher m = ANSWER_IS.matcher(answer); m.find(); ) phrase = m.group(1);
        if (phrase != null && !phrase.isBlank()) {
            return new Extraction(phrase.strip(), Extraction.Method.ANSWER_IS);
        }
        String number = null;
        for (Matcher m = NUMBER.matcher(answer); m.find(); ) number = m.group();
        if (number != null) return new Extraction(number, Extraction.Method.LAST_NUMBER);
        return Extraction.NONE;
    }

    /**
     * The argument of the last {@code \boxed{...}} or {@code \fbox{...}}, braces matched (so
     * {@code \boxed{\frac{1}{2}}} gives {@code \frac{1}{2}}); {@code \boxed 5} gives {@code 5}; an unclosed box is
     * ignored. Null when there is none.
     */
    public static String lastBoxed(String text) {
        int from = text.length();
        while (from >= 0) {
            int at = Math.max(text.lastIndexOf("\\boxed", from), text.lastIndexOf("\\fbox", from));
            if (at < 0) return null;
            int i = at + (text.startsWith("\\boxed", at) ? 6 : 5);
            String arg = argument(text, i);
            if (arg != null) return arg;
            from = at - 1;
        }
        return null;
    }

    private static String argument(String text, int i) {
        if (i < text.length() && text.charAt(i) == '{') {
            int depth = 0;
            for (int j = i; j < text.length(); j++) {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    j++; // an escaped brace such as \{ does not open or close
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return text.substring(i + 1, j);
                }
            }
            return null;
        }
        if (i < text.length() && text.charAt(i) == ' ') {
            int start = i + 1;
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') end++;
            return end > start ? text.substring(start, end) : null;
        }
        return null;
    }
}
