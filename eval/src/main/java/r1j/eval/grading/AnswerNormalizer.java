package r1j.eval.grading;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rewrites an answer into one canonical spelling so that equal answers written differently compare equal as strings:
 * math delimiters, {@code \left}/{@code \right}, {@code \dfrac}/{@code \tfrac}, spacing commands, {@code \text{}}
 * units and currency, degree and percent signs, thousands separators, a leading {@code x =}, a trailing period.
 * It never guesses at meaning: what is left is compared numerically or symbolically by {@link AnswerEquivalence}.
 */
public final class AnswerNormalizer {
    /** Unit words dropped from the end of an answer ("12 cm", "5\text{ dollars}"). */
    private static final List<String> UNITS = List.of(
            "square units", "square feet", "square meters", "square inches", "square centimeters", "sq units",
            "units", "unit", "dollars", "dollar", "cents", "cent", "degrees", "degree", "percent",
            "centimeters", "centimetres", "meters", "metres", "kilometers", "kilometres", "inches", "inch", "feet",
            "foot", "miles", "mile", "yards", "yard", "cm", "mm", "km", "m", "kg", "g", "mg", "lbs", "lb", "pounds",
            "ounces", "oz", "liters", "litres", "ml", "l", "hours", "hour", "hrs", "minutes", "minute", "mins",
            "seconds", "second", "sec", "days", "day", "weeks", "week", "years", "year", "months", "month", "mph",
            "km/h", "people", "students", "apples", "marbles", "cookies", "eggs", "books", "pages", "points",
            "times", "ways", "items");
    private static final Pattern THOUSANDS = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern ASSIGNMENT = Pattern.compile("^[a-zA-Z](?:_\\{?\\w+}?)?\\s*=\\s*(?!=)");
    private static final Pattern TEXT = Pattern.compile("\\\\(?:text|textbf|mathrm|mathbf|textit|mbox)\\s*\\{([^{}]*)}");
    private static final Pattern FRAC_SHORT = Pattern.compile("\\\\frac\\s*(\\d)\\s*(\\d)");
    private static final Pattern FRAC_HALF_SHORT = Pattern.compile("\\\\frac\\s*\\{([^{}]*)}\\s*(\\d)");
    private static final Pattern SQRT_SHORT = Pattern.compile("\\\\sqrt\\s*(\\d+|[a-zA-Z])");

    private AnswerNormalizer() {}

    public static String normalize(String answer) {
        if (answer == null) return "";
        String s = answer.strip();
        s = stripDelimiters(s);
        s = s.replace("\\!", "").replace("\\,", "").replace("\\;", "").replace("\\:", "").replace("\\ ", " ")
                .replace("\\quad", " ").replace("\\qquad", " ").replace("~", " ");
        s = s.replace("\\left", "").replace("\\right", "").replace("\\big", "").replace("\\Big", "");
        s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac");
        s = s.replace("{,}", ",").replace("\\%", "%").replace("\\$", "$").replace("\\displaystyle", "");
        s = s.replace("^\\circ", "").replace("^{\\circ}", "").replace("°", "").replace("\\degree", "");
        s = s.replace("\\cdot", "*").replace("\\times", "*").replace("\\div", "/").replace("−", "-");
        s = TEXT.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)));
        s = FRAC_SHORT.matcher(s).replaceAll("\\\\frac{$1}{$2}");
        s = FRAC_HALF_SHORT.matcher(s).replaceAll("\\\\frac{$1}{$2}");
        s = SQRT_SHORT.matcher(s).replaceAll("\\\\sqrt{$1}");
        s = s.strip();
        s = ASSIGNMENT.matcher(s).replaceFirst("");
        s = stripTrailing(s);
        s = s.replace("$", "").strip();
        if (s.endsWith("%")) s = s.substring(0, s.length() - 1).strip();
        if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
        s = s.replaceAll("\\s+", "");
        if (s.startsWith(".")) s = "0" + s;
        if (s.startsWith("-.")) s = "-0" + s.substring(1);
        s = trimZeros(s);
        return s;
    }

    /** Removes {@code $...$}, {@code \(...\)}, {@code \[...\]} around the whole answer. */
    private static String stripDelimiters(String s) {
        boolean changed = true;
        while (changed) {
            changed = false;
            if (s.length() >= 2 && s.startsWith("$") && s.endsWith("$")) {
                s = s.substring(1, s.length() - 1).strip();
                changed = true;
            } else if (s.startsWith("\\(") && s.endsWith("\\)") || s.startsWith("\\[") && s.endsWith("\\]")) {
                s = s.substring(2, s.length() - 2).strip();
                changed = true;
            }
        }
        return s;
    }

    /** Drops a trailing period and unit words, repeatedly ("12 square units." -> "12"). */
    private static String stripTrailing(String s) {
        boolean changed = true;
        while (changed && !s.isEmpty()) {
            changed = false;
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1).strip();
                changed = true;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            for (String unit : UNITS) {
                if (lower.endsWith(unit) && lower.length() > unit.length()) {
                    char before = lower.charAt(lower.length() - unit.length() - 1);
                    String rest = s.substring(0, s.length() - unit.length()).strip();
                    // A one-letter unit ("5 m", "3 g") only after a plain number: "2m" may be algebra.
                    boolean allowed = unit.length() > 1
                            ? Character.isDigit(before) || before == ' ' || before == '}' || before == ')'
                            : before == ' ' && rest.matches("-?[\\d.,]+");
                    if (allowed) {
                        s = rest;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return s;
    }

    /** "2.50" -> "2.5", "3.0" -> "3": only for a plain decimal number. */
    private static String trimZeros(String s) {
        if (!s.matches("-?\\d+\\.\\d+")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
