package r1j.eval.grading;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a normalised answer as one number when it is one: integers, decimals, {@code a/b}, {@code \frac{a}{b}}. */
final class NumericValue {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern SLASH = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)");
    private static final Pattern FRAC = Pattern.compile("([-+]?)\\\\frac\\{([-+]?\\d+(?:\\.\\d+)?)}\\{([-+]?\\d+(?:\\.\\d+)?)}");

    /** Relative tolerance for two numbers to count as the same answer (printing 1/3 as 0.3333333 is fine). */
    static final double RELATIVE_TOLERANCE = 1e-6;

    private NumericValue() {}

    static OptionalDouble parse(String normalized) {
        if (DECIMAL.matcher(normalized).matches()) return OptionalDouble.of(Double.parseDouble(normalized));
        Matcher slash = SLASH.matcher(normalized);
        if (slash.matches()) return divide(Double.parseDouble(slash.group(1)), Double.parseDouble(slash.group(2)));
        Matcher frac = FRAC.matcher(normalized);
        if (frac.matches()) {
            OptionalDouble v = divide(Double.parseDouble(frac.group(2)), Double.parseDouble(frac.group(3)));
            return frac.group(1).equals("-") && v.isPresent() ? OptionalDouble.of(-v.getAsDouble()) : v;
        }
        return OptionalDouble.empty();
    }

    static boolean close(double a, double b) {
        return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static OptionalDouble divide(double a, double b) {
        return b == 0 ? OptionalDouble.empty() : OptionalDouble.of(a / b);
    }
}
