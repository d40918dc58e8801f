package r1j.engine.template;

import java.util.List;
import java.util.Map;

/** Python string formatting: {@code str.format} with {@code {}}/{@code {0}}/{@code {name}} fields and {@code str % args}. */
final class PyFormat {
    private PyFormat() {}

    static String format(String template, List<Value> args, Map<String, Value> kwargs) {
        return format(template, args, kwargs, false);
    }

    /**
     * {@code str.format}; with {@code escape} as {@code Markup.format} does it: each field that is not Markup is
     * escaped after its format spec is applied, and a Markup field takes no spec.
     */
    static String format(String template, List<Value> args, Map<String, Value> kwargs, boolean escape) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) throw new TemplateException("Single '{' encountered in format string");
                String field = template.substring(i + 1, end);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                Value v;
                if (field.isEmpty()) v = arg(args, auto++);
                else if (field.chars().allMatch(Character::isDigit)) v = arg(args, Integer.parseInt(field));
                else {
                    v = kwargs.get(field);
                    if (v == null) throw new TemplateException("KeyError: '" + field + "'");
                }
                out.append(escape ? escapedField(v, spec) : applySpec(v, spec));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Value arg(List<Value> args, int index) {
        if (index >= args.size()) throw new TemplateException("Replacement index " + index + " out of range");
        return args.get(index);
    }

    private static String escapedField(Value v, String spec) {
        if (!(v instanceof Value.Str s && s.markup())) return Markup.escapeText(applySpec(v, spec));
        if (!spec.isEmpty()) throw new TemplateException("Unsupported format specification for Markup.");
        return s.value();
    }

    private static String applySpec(Value v, String spec) {
        if (spec.isEmpty()) return Py.str(v);
        if (spec.matches("\\.\\d+f")) return String.format("%." + spec.substring(1, spec.length() - 1) + "f", Py.toDouble(v));
        if (spec.equals("d")) return Long.toString(Py.toLong(v));
        throw new TemplateException("unsupported format spec '" + spec + "'");
    }

    /** printf-style formatting: %s, %r, %d/%i, %f with precision, %x, %%. */
    static String percent(String template, Value args) {
        return percent(template, args, false);
    }

    /**
     * printf-style formatting; with {@code escape} as {@code Markup % args} does it: {@code %s} of an argument that is
     * not Markup and every {@code %r} are escaped before padding, numbers format as numbers.
     */
    static String percent(String template, Value args, boolean escape) {
        List<Value> values = args instanceof Value.ListV l && l.tuple() ? l.items() : List.of(args);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            while (j < template.length() && "-+ 0#.0123456789".indexOf(template.charAt(j)) >= 0) j++;
            if (j >= template.length()) throw new TemplateException("incomplete format");
            String flags = template.substring(i + 1, j);
            char conv = template.charAt(j);
            if (conv == '%') {
                out.append('%');
            } else {
                if (next >= values.size()) throw new TemplateException("not enough arguments for format string");
                Value v = values.get(next++);
                out.append(switch (conv) {
                    case 's' -> String.format("%" + flags + "s", escape ? Markup.escaped(v) : Py.str(v));
                    case 'r' -> String.format("%" + flags + "s", escape ? Markup.escapeText(Py.repr(v)) : Py.repr(v));
                    case 'd', 'i' -> String.format("%" + flags + "d", Py.toLong(v));
                    case 'f', 'F' -> String.format("%" + (flags.contains(".") ? flags : flags + ".6") + "f", Py.toDouble(v));
                    case 'x' -> String.format("%" + flags + "x", Py.toLong(v));
                    default -> throw new TemplateException("unsupported format character '" + conv + "'");
                });
            }
            i = j;
        }
        if (next < values.size()) throw new TemplateException("not all arguments converted during string formatting");
        return out.toString();
    }
}
