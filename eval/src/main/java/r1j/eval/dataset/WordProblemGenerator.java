package r1j.eval.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A seeded generator of arithmetic and algebra word problems with exact answers, for runs without a downloaded
 * dataset. The same seed gives the same lines on every JDK ({@link Random}'s algorithm is specified). Lines are in the
 * generic {@code {prompt, answer}} shape plus a {@code kind}; fractions are answered in lowest terms ("7/12").
 *
 * <p>Spec syntax for {@code --dataset}: {@code gen:arith?n=50&seed=1}.
 */
public final class WordProblemGenerator {
    public static final String SCHEME = "gen:arith";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {"Maria", "Tom", "Aisha", "Kenji", "Lena", "Omar", "Priya", "Jonas"};
    private static final String[] ITEMS = {"pencils", "notebooks", "apples", "stickers", "tickets", "muffins"};

    private record Problem(String kind, String prompt, String answer) {}

    private static final Map<String, Function<Random, Problem>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("change", WordProblemGenerator::change);
        KINDS.put("linear_equation", WordProblemGenerator::linearEquation);
        KINDS.put("distance", WordProblemGenerator::distance);
        KINDS.put("fraction_sum", WordProblemGenerator::fractionSum);
        KINDS.put("discount", WordProblemGenerator::discount);
        KINDS.put("rectangle_area", WordProblemGenerator::rectangleArea);
        KINDS.put("arithmetic_series", WordProblemGenerator::arithmeticSeries);
        KINDS.put("two_equations", WordProblemGenerator::twoEquations);
    }

    private WordProblemGenerator() {}

    /** The JSONL text of {@code n} problems from {@code seed}, kinds in turn. */
    public static String jsonl(int n, long seed) {
        if (n < 1) throw new DatasetFormatException("the generator needs n >= 1, got " + n);
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        var kinds = KINDS.values().toArray(Function[]::new);
        for (int k = 0; k < n; k++) {
            @SuppressWarnings("unchecked")
            Problem p = ((Function<Random, Problem>) kinds[k % kinds.length]).apply(random);
            ObjectNode line = JSON.createObjectNode().put("prompt", p.prompt()).put("answer", p.answer())
                    .put("kind", p.kind());
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Reads {@code gen:arith?n=50&seed=1} (both parameters optional: n 50, seed 1). */
    public static Dataset fromSpec(String spec) {
        if (!spec.startsWith(SCHEME)) throw new DatasetFormatException("not a generator spec: " + spec);
        int n = 50;
        long seed = 1;
        String query = spec.substring(SCHEME.length());
        if (!query.isEmpty()) {
            if (!query.startsWith("?")) throw new DatasetFormatException("expected " + SCHEME + "?n=N&seed=S, got " + spec);
            for (String pair : query.substring(1).split("&")) {
                String[] kv = pair.split("=", 2);
                try {
                    switch (kv[0]) {
                        case "n" -> n = Integer.parseInt(kv[1]);
                        case "seed" -> seed = Long.parseLong(kv[1]);
                        default -> throw new DatasetFormatException("unknown generator parameter '" + kv[0]
                                + "' (n, seed)");
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new DatasetFormatException("bad generator parameter '" + pair + "' in " + spec);
                }
            }
        }
        return DatasetReader.parse(spec, jsonl(n, seed).getBytes(StandardCharsets.UTF_8), DatasetReader.OnMalformed.FAIL);
    }

    private static int between(Random r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    private static String name(Random r) {
        return NAMES[r.nextInt(NAMES.length)];
    }

    private static Problem change(Random r) {
        String who = name(r);
        String item = ITEMS[r.nextInt(ITEMS.length)];
        int price = between(r, 2, 15);
        int count = between(r, 2, 9);
        int bill = ((price * count) / 10 + 1 + r.nextInt(3)) * 10;
        return new Problem("change", String.format("%s buys %d %s at $%d each and pays with a $%d bill. How many dollars"
                + " of change does %s get?", who, count, item, price, bill, who), Integer.toString(bill - price * count));
    }

    private static Problem linearEquation(Random r) {
        int x = between(r, -20, 20);
        int a = between(r, 2, 12) * (r.nextBoolean() ? 1 : -1);
        int b = between(r, -30, 30);
        return new Problem("linear_equation", String.format("Solve for x: %dx %s %d = %d.", a, b < 0 ? "-" : "+",
                Math.abs(b), a * x + b), Integer.toString(x));
    }

    private static Problem distance(Random r) {
        int v1 = between(r, 4, 12) * 10;
        int t1 = between(r, 1, 5);
        int v2 = between(r, 4, 12) * 10;
        int t2 = between(r, 1, 5);
        return new Problem("distance", String.format("A train travels at %d km/h for %d hours and then at %d km/h for"
                + " %d hours. How many kilometres does it travel in total?", v1, t1, v2, t2),
                Integer.toString(v1 * t1 + v2 * t2));
    }

    private static Problem fractionSum(Random r) {
        int b = between(r, 2, 9);
        int d = between(r, 2, 9);
        int a = between(r, 1, b - 1);
        int c = between(r, 1, d - 1);
        BigInteger num = BigInteger.valueOf((long) a * d + (long) c * b);
        BigInteger den = BigInteger.valueOf((long) b * d);
        BigInteger g = num.gcd(den);
        String answer = den.divide(g).equals(BigInteger.ONE) ? num.divide(g).toString()
                : num.divide(g) + "/" + den.divide(g);
        return new Problem("fraction_sum", String.format("%s eats %d/%d of a pizza and %s eats %d/%d of a pizza of the"
                + " same size. How much pizza do they eat together, as a fraction in lowest terms?", name(r), a, b,
                name(r), c, d), answer);
    }

    private static Problem discount(Random r) {
        int price = between(r, 2, 40) * 5;
        int percent = between(r, 1, 9) * 5;
        // price * (100 - percent) / 100, exact: at most two decimals since price is a multiple of 5.
        java.math.BigDecimal result = java.math.BigDecimal.valueOf((long) price * (100 - percent), 2).stripTrailingZeros();
        return new Problem("discount", String.format("A jacket costs $%d. It is sold at a %d%% discount. What is the"
                + " sale price in dollars?", price, percent), result.toPlainString());
    }

    private static Problem rectangleArea(Random r) {
        int length = between(r, 3, 30);
        int width = between(r, 2, length);
        return new Problem("rectangle_area", String.format("A rectangle has a perimeter of %d cm and a length of %d cm."
                + " What is its area in square centimetres?", 2 * (length + width), length),
                Integer.toString(length * width));
    }

    private static Problem arithmeticSeries(Random r) {
        int first = between(r, 1, 20);
        int step = between(r, 2, 9);
        int terms = between(r, 5, 30);
        long sum = (long) terms * (2L * first + (long) (terms - 1) * step) / 2;
        String who = name(r);
        return new Problem("arithmetic_series", String.format("%s saves $%d in the first week and each week saves $%d"
                + " more than the week before. How many dollars has %s saved after %d weeks?", who, first, step,
                who, terms), Long.toString(sum));
    }

    private static Problem twoEquations(Random r) {
        int x = between(r, 1, 30);
        int y = between(r, 1, 30);
        return new Problem("two_equations", String.format("Two numbers add up to %d and their difference (the first"
                + " minus the second) is %d. What is their product?", x + y, x - y), Integer.toString(x * y));
    }
}
