package r1j.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code GET /metrics} page, parsed: every sample line by its series ({@code name{labels}}), so tests read
 * values as Prometheus would. Fails on a line that is not a comment and not {@code series value}.
 */
record Scrape(Map<String, Double> samples, String text) {
    static Scrape of(TestServer server) {
        TestServer.Reply r = server.get("/metrics");
        if (r.status() != 200) throw new AssertionError("GET /metrics answered " + r.status() + ": " + r.body());
        return parse(r.body());
    }

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            if (space < 0) throw new AssertionError("not a sample line: " + line);
            String value = line.substring(space + 1);
            double v = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
            samples.put(line.substring(0, space), v);
        }
        return new Scrape(samples, text);
    }

    /** The sum of every series of {@code name} whose labels contain {@code labelFragment} (e.g. {@code le="+Inf"}). */
    double value(String name, String labelFragment) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String series = e.getKey();
            int brace = series.indexOf('{');
            String seriesName = brace < 0 ? series : series.substring(0, brace);
            if (seriesName.equals(name) && series.contains(labelFragment)) {
                sum += e.getValue();
                found = true;
            }
        }
        if (!found) throw new AssertionError("no series " + name + " with " + labelFragment + " in:\n" + text);
        return sum;
    }

    double value(String name) {
        return value(name, "");
    }
}
