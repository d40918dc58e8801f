package r1j.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as Hugging Face's {@code tojson} filter calls it: default separators {@code ", "} and
 * {@code ": "} ({@code ","} between items once indent is given), {@code ensure_ascii} off by default, optional indent
 * (a count of spaces or a string), custom separators and sorted keys.
 */
final class JsonWriter {
    record Options(boolean ensureAscii, String indent, String itemSeparator, String keySeparator, boolean sortKeys) {}

    private final Options options;
    private final StringBuilder out = new StringBuilder();

    private JsonWriter(Options options) {
        this.options = options;
    }

    static String write(Value v, Options options) {
        JsonWriter w = new JsonWriter(options);
        w.value(v, 0);
        return w.out.toString();
    }

    /** Builds options from tojson's arguments, following json.dumps's defaulting of separators. */
    static Options options(Value ensureAscii, Value indent, Value separators, Value sortKeys) {
        String indentText = switch (indent) {
            case Value.None n -> null;
            case Value.Undefined u -> null;
            case Value.Str s -> s.value();
            default -> " ".repeat((int) Math.max(0, Py.toLong(indent)));
        };
        String itemSep = indentText == null ? ", " : ",";
        String keySep = ": ";
        if (separators instanceof Value.ListV l) {
            if (l.items().size() != 2) throw new TemplateException("tojson separators must be a pair");
            itemSep = Py.str(l.items().get(0));
            keySep = Py.str(l.items().get(1));
        }
        return new Options(Py.truthy(ensureAscii), indentText, itemSep, keySep, Py.truthy(sortKeys));
    }

    private void value(Value v, int depth) {
        switch (v) {
            case Value.None n -> out.append("null");
            case Value.Bool b -> out.append(b.value());
            case Value.Int i -> out.append(i.value());
            case Value.Float f -> out.append(floatJson(f.value()));
            case Value.Str s -> string(s.value());
            case Value.ListV l -> array(l.items(), depth);
            case Value.Dict d -> object(d, depth);
            default -> throw new TemplateException("Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
    }

    private static String floatJson(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return Py.floatRepr(d);
    }

    private void array(List<Value> items, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append(options.itemSeparator());
            newline(depth + 1);
            value(items.get(i), depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void object(Value.Dict d, int depth) {
        if (d.entries().isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Value>> entries = new ArrayList<>();
        for (Map.Entry<Value, Value> e : d.entries().entrySet()) entries.add(Map.entry(keyText(e.getKey()), e.getValue()));
        if (options.sortKeys()) entries.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Value> e : entries) {
            if (!first) out.append(options.itemSeparator());
            first = false;
            newline(depth + 1);
            string(e.getKey());
            out.append(options.keySeparator());
            value(e.getValue(), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private static String keyText(Value key) {
        return switch (key) {
            case Value.Str s -> s.value();
            case Value.Bool b -> b.value() ? "true" : "false";
            case Value.None n -> "null";
            case Value.Int i -> Long.toString(i.value());
            case Value.Float f -> floatJson(f.value());
            default -> throw new TemplateException("keys must be str, int, float, bool or None, not " + Py.typeName(key));
        };
    }

    private void newline(int depth) {
        if (options.indent() == null) return;
        out.append('\n');
        out.append(options.indent().repeat(depth));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (options.ensureAscii() && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c)); // UTF-16 units: surrogate pairs as Python does
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
