package r1j.server.metrics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): a {@code # HELP} and a {@code # TYPE} line per metric
 * family, then its samples. Every sample carries the common labels (vLLM labels its metrics with
 * {@code model_name}); counters are named with their {@code _total} suffix, as Prometheus clients write them.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);
    private final Map<String, String> common;

    public PrometheusText(Map<String, String> commonLabels) {
        this.common = new LinkedHashMap<>(commonLabels);
    }

    public PrometheusText gauge(String name, String help, double value) {
        header(name, help, "gauge");
        sample(name, Map.of(), value);
        return this;
    }

    /** {@code name} must end with {@code _total}. */
    public PrometheusText counter(String name, String help, double value) {
        requireTotal(name);
        header(name, help, "counter");
        sample(name, Map.of(), value);
        return this;
    }

    /** One counter family with a sample per value of {@code label}, in the map's order. */
    public PrometheusText counter(String name, String help, String label, Map<String, Long> byLabelValue) {
        requireTotal(name);
        header(name, help, "counter");
        byLabelValue.forEach((value, count) -> sample(name, Map.of(label, value), count));
        return this;
    }

    /**
     * One family of {@code type} ({@code counter} or {@code gauge}) with a sample per label set, in the map's order:
     * for samples labelled by more than one dimension.
     */
    public PrometheusText family(String name, String help, String type, Map<Map<String, String>, ? extends Number> samples) {
        if (type.equals("counter")) requireTotal(name);
        header(name, help, type);
        samples.forEach((labels, value) -> sample(name, labels, value.doubleValue()));
        return this;
    }

    public PrometheusText histogram(String name, String help, Histogram.Snapshot s) {
        header(name, help, "histogram");
        for (int i = 0; i < s.bounds().length; i++) {
            sample(name + "_bucket", Map.of("le", number(s.bounds()[i])), s.cumulative()[i]);
        }
        sample(name + "_bucket", Map.of("le", "+Inf"), s.count());
        sample(name + "_sum", Map.of(), s.sum());
        sample(name + "_count", Map.of(), s.count());
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static void requireTotal(String name) {
        if (!name.endsWith("_total")) throw new IllegalArgumentException("a counter's name ends with _total: " + name);
    }

    private void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        Map<String, String> all = new LinkedHashMap<>(common);
        all.putAll(labels);
        if (!all.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append(e.getKey()).append("=\"").append(escapeLabel(e.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Plain decimal notation ({@code 0.005}, {@code 12}), which every Prometheus parser reads. */
    static String number(double value) {
        if (Double.isNaN(value)) return "NaN";
        if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
