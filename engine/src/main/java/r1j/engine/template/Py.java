package r1j.engine.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's view of values: truthiness, str(), repr(), ==, ordering, len(), iteration and its whitespace rules. */
final class Py {
    private Py() {}

    static boolean truthy(Value v) {
        return switch (v) {
            case Value.Str s -> !s.value().isEmpty();
            case Value.Int i -> i.value() != 0;
            case Value.Float f -> f.value() != 0.0;
            case Value.Bool b -> b.value();
            case Value.None n -> false;
            case Value.Undefined u -> false;
            case Value.ListV l -> !l.items().isEmpty();
            case Value.Dict d -> !d.entries().isEmpty();
            case Value.Namespace ns -> true;
            case Value.Callable c -> true;
        };
    }

    /** str(v) as jinja2 prints it: Undefined prints as the empty string. */
    static String str(Value v) {
        return switch (v) {
            case Value.Str s -> s.value();
            case Value.Undefined u -> "";
            default -> repr(v);
        };
    }

    static String repr(Value v) {
        return switch (v) {
            case Value.Str s -> s.markup() ? "Markup(" + reprString(s.value()) + ")" : reprString(s.value());
            case Value.Int i -> Long.toString(i.value());
            case Value.Float f -> floatRepr(f.value());
            case Value.Bool b -> b.value() ? "True" : "False";
            case Value.None n -> "None";
            case Value.Undefined u -> "";
            case Value.ListV l -> {
                StringBuilder sb = new StringBuilder(l.tuple() ? "(" : "[");
                for (int i = 0; i < l.items().size(); i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(repr(l.items().get(i)));
                }
                if (l.tuple() && l.items().size() == 1) sb.append(',');
                yield sb.append(l.tuple() ? ")" : "]").toString();
            }
            case Value.Dict d -> {
                StringBuilder sb = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<Value, Value> e : d.entries().entrySet()) {
                    if (!first) sb.append(", ");
                    first = false;
                    sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                }
                yield sb.append('}').toString();
            }
            case Value.Namespace ns -> "<Namespace " + ns.attributes().keySet() + ">";
            case Value.Callable c -> "<function>";
        };
    }

    static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp == quote) sb.append('\\').append((char) cp);
                    else if (cp < 0x20 || cp == 0x7f) sb.append(String.format("\\x%02x", cp));
                    else sb.appendCodePoint(cp);
                }
            }
        });
        return sb.append(quote).toString();
    }

    /** Python's repr(float): shortest round-trip digits, scientific below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = bd.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    static boolean equal(Value a, Value b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Value.Float || b instanceof Value.Float) return toDouble(a) == toDouble(b);
            return toLong(a) == toLong(b);
        }
        return switch (a) {
            case Value.Str s -> b instanceof Value.Str t && s.value().equals(t.value());
            case Value.None n -> b instanceof Value.None;
            case Value.Undefined u -> b instanceof Value.Undefined;
            case Value.ListV l -> {
                if (!(b instanceof Value.ListV m) || l.items().size() != m.items().size()) yield false;
                for (int i = 0; i < l.items().size(); i++) {
                    if (!equal(l.items().get(i), m.items().get(i))) yield false;
                }
                yield true;
            }
            case Value.Dict d -> {
                if (!(b instanceof Value.Dict e) || d.entries().size() != e.entries().size()) yield false;
                for (Map.Entry<Value, Value> entry : d.entries().entrySet()) {
                    Value other = e.entries().get(entry.getKey());
                    if (other == null || !equal(entry.getValue(), other)) yield false;
                }
                yield true;
            }
            default -> a == b || a.equals(b);
        };
    }

    /** Python ordering (&lt;) for numbers, strings and lists; anything else is a TypeError. */
    static int compare(Value a, Value b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Value.Float || b instanceof Value.Float) return Double.compare(toDouble(a), toDouble(b));
            return Long.compare(toLong(a), toLong(b));
        }
        if (a instanceof Value.Str s && b instanceof Value.Str t) return compareCodePoints(s.value(), t.value());
        if (a instanceof Value.ListV l && b instanceof Value.ListV m) {
            int n = Math.min(l.items().size(), m.items().size());
            for (int i = 0; i < n; i++) {
                if (!equal(l.items().get(i), m.items().get(i))) return compare(l.items().get(i), m.items().get(i));
            }
            return Integer.compare(l.items().size(), m.items().size());
        }
        throw new TemplateException("'<' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    static boolean isNumber(Value v) {
        return v instanceof Value.Int || v instanceof Value.Float || v instanceof Value.Bool;
    }

    static long toLong(Value v) {
        return switch (v) {
            case Value.Int i -> i.value();
            case Value.Bool b -> b.value() ? 1 : 0;
            case Value.Float f -> (long) f.value();
            default -> throw new TemplateException("expected a number, got " + typeName(v));
        };
    }

    static double toDouble(Value v) {
        return v instanceof Value.Float f ? f.value() : toLong(v);
    }

    static String typeName(Value v) {
        return switch (v) {
            case Value.Str s -> s.markup() ? "Markup" : "str";
            case Value.Int i -> "int";
            case Value.Float f -> "float";
            case Value.Bool b -> "bool";
            case Value.None n -> "NoneType";
            case Value.Undefined u -> "Undefined";
            case Value.ListV l -> l.tuple() ? "tuple" : "list";
            case Value.Dict d -> "dict";
            case Value.Namespace ns -> "Namespace";
            case Value.Callable c -> "function";
        };
    }

    static int len(Value v) {
        return switch (v) {
            case Value.Str s -> s.value().codePointCount(0, s.value().length());
            case Value.ListV l -> l.items().size();
            case Value.Dict d -> d.entries().size();
            case Value.Undefined u -> 0;
            default -> throw new TemplateException("object of type '" + typeName(v) + "' has no len()");
        };
    }

    /** Python iteration: list items, dict keys, string characters; Undefined iterates as empty. */
    static List<Value> iterate(Value v) {
        return switch (v) {
            case Value.ListV l -> new ArrayList<>(l.items());
            case Value.Dict d -> new ArrayList<>(d.entries().keySet());
            case Value.Str s -> {
                List<Value> chars = new ArrayList<>();
                s.value().codePoints().forEach(cp -> chars.add(new Value.Str(Character.toString(cp))));
                yield chars;
            }
            case Value.Undefined u -> new ArrayList<>();
            default -> throw new TemplateException("'" + typeName(v) + "' object is not iterable");
        };
    }

    static boolean contains(Value container, Value item) {
        return switch (container) {
            case Value.Str s -> {
                if (!(item instanceof Value.Str t)) {
                    throw new TemplateException("'in <string>' requires string as left operand, not " + typeName(item));
                }
                yield s.value().contains(t.value());
            }
            case Value.Dict d -> d.entries().containsKey(dictKey(item));
            default -> {
                for (Value x : iterate(container)) if (equal(x, item)) yield true;
                yield false;
            }
        };
    }

    /** Normalises a dict key so that 1, 1.0 and True find the same entry, as they hash alike in Python. */
    static Value dictKey(Value key) {
        if (key instanceof Value.Bool b) return new Value.Int(b.value() ? 1 : 0);
        if (key instanceof Value.Float f && f.value() == Math.rint(f.value()) && !Double.isInfinite(f.value())) {
            return new Value.Int((long) f.value());
        }
        return key;
    }

    /** Python's str.isspace() for one code point (Unicode whitespace, including the separators \x1c-\x1f). */
    static boolean isSpace(int cp) {
        return switch (cp) {
            case ' ', '\t', '\n', '\r', 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f,
                 0x205f, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200a;
        };
    }

    /** Python's str.splitlines() without keepends. */
    static List<String> splitLines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0, i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e)
                    || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (lineBreak) {
                lines.add(s.substring(start, i));
                i += (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < s.length()) lines.add(s.substring(start));
        return lines;
    }
}
