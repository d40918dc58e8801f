package r1j.eval.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether two answers mean the same: after {@link AnswerNormalizer}, equal strings; else equal numbers within
 * {@link NumericValue#RELATIVE_TOLERANCE}; else tuples and intervals element by element (sets in any order); else the
 * CAS. Verdicts are cached by the normalised pair, since the n samples of a question repeat the same few answers.
 */
public final class AnswerEquivalence implements AutoCloseable {
    /** How a verdict was reached; {@code correct()} is what counts. */
    public record Verdict(boolean equal, String how) {}

    private final SymbolicEquivalence cas;
    private final Map<String, Verdict> cache = new ConcurrentHashMap<>();

    public AnswerEquivalence(Duration casTimeLimit) {
        this.cas = new SymbolicEquivalence(casTimeLimit);
    }

    public Verdict compare(String answer, String reference) {
        String a = AnswerNormalizer.normalize(answer);
        String b = AnswerNormalizer.normalize(reference);
        if (a.isEmpty() || b.isEmpty()) return new Verdict(false, "empty");
        return cache.computeIfAbsent(a + '\u0000' + b, k -> compareNormalized(a, b));
    }

    public boolean equivalent(String answer, String reference) {
        return compare(answer, reference).equal();
    }

    private Verdict compareNormalized(String a, String b) {
        if (a.equals(b)) return new Verdict(true, "exact");
        if (a.matches("[A-Za-z ]+") && b.matches("[A-Za-z ]+")) {
            return new Verdict(a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)), "text");
        }
        OptionalDouble x = NumericValue.parse(a);
        OptionalDouble y = NumericValue.parse(b);
        if (x.isPresent() && y.isPresent()) return new Verdict(NumericValue.close(x.getAsDouble(), y.getAsDouble()), "numeric");
        Optional<Verdict> composite = compareComposite(a, b);
        if (composite.isPresent()) return composite.get();
        Optional<String> sa = LatexToSymja.translate(a);
        Optional<String> sb = LatexToSymja.translate(b);
        if (sa.isEmpty() || sb.isEmpty()) return new Verdict(false, "different");
        return switch (cas.compare(sa.get(), sb.get())) {
            case EQUAL -> new Verdict(true, "symbolic");
            case DIFFERENT -> new Verdict(false, "symbolic");
            case TIMEOUT -> new Verdict(false, "timeout");
        };
    }

    /** Tuples {@code (1,2)}, intervals {@code [0,1)}, sets {@code \{1,2\}} and bare lists {@code 1,2}. */
    private Optional<Verdict> compareComposite(String a, String b) {
        List<String> pa = topLevelParts(a);
        List<String> pb = topLevelParts(b);
        if (pa.size() < 2 && pb.size() < 2) return Optional.empty();
        if (pa.size() != pb.size()) return Optional.of(new Verdict(false, "composite"));
        String openA = opening(a);
        String openB = opening(b);
        boolean setA = openA.equals("\\{");
        if (!openA.equals(openB) || !closing(a).equals(closing(b))) {
            // "1,2" against "(1,2)" is the same list; an interval's brackets must agree exactly.
            boolean bare = openA.isEmpty() || openB.isEmpty();
            if (!bare || setA || opening(b).equals("\\{")) return Optional.of(new Verdict(false, "composite"));
        }
        List<String> rest = new ArrayList<>(pb);
        for (int k = 0; k < pa.size(); k++) {
            if (setA || openA.isEmpty() && openB.isEmpty()) {
                // Sets and bare lists ("x = 1, 2" for two roots): any order.
                int match = -1;
                for (int j = 0; j < rest.size() && match < 0; j++) if (equivalent(pa.get(k), rest.get(j))) match = j;
                if (match < 0) return Optional.of(new Verdict(false, "composite"));
                rest.remove(match);
            } else if (!equivalent(pa.get(k), pb.get(k))) {
                return Optional.of(new Verdict(false, "composite"));
            }
        }
        return Optional.of(new Verdict(true, "composite"));
    }

    private static String opening(String s) {
        if (s.startsWith("\\{")) return "\\{";
        return !s.isEmpty() && "([".indexOf(s.charAt(0)) >= 0 && closing(s).length() > 0 ? s.substring(0, 1) : "";
    }

    private static String closing(String s) {
        if (s.endsWith("\\}")) return "\\}";
        return !s.isEmpty() && ")]".indexOf(s.charAt(s.length() - 1)) >= 0 ? s.substring(s.length() - 1) : "";
    }

    /** The comma-separated parts inside the outer brackets (or of the bare list); one part when there is no comma. */
    static List<String> topLevelParts(String s) {
        String inner = s;
        String open = opening(s);
        if (!open.isEmpty()) inner = s.substring(open.length(), s.length() - closing(s).length());
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int k = 0; k < inner.length(); k++) {
            char c = inner.charAt(k);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == ',' && depth == 0) {
                parts.add(inner.substring(start, k));
                start = k + 1;
            }
            if (depth < 0) return List.of(s); // brackets that do not nest: not a list
        }
        parts.add(inner.substring(start));
        return parts.size() == 1 ? List.of(s) : parts;
    }

    @Override
    public void close() {
        cas.close();
    }
}
