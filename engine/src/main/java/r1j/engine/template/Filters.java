package r1j.engine.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** jinja2's built-in filters plus Hugging Face's {@code tojson}. An unknown filter fails when it is reached. */
final class Filters {
    private Filters() {}

    /** Binds positional and keyword arguments to a filter's parameter names, Python style. */
    private record Params(List<Value> args, Map<String, Value> kwargs, List<String> names) {
        Value get(String name, Value dflt) {
            int i = names.indexOf(name);
            if (i >= 0 && i < args.size()) return args.get(i);
            return kwargs.getOrDefault(name, dflt);
        }
    }

    static boolean exists(String name) {
        try {
            apply(name, Value.EMPTY, List.of(), Map.of(), new Expr.Pos(0, 0));
            return true;
        } catch (TemplateException e) {
            return !e.detail().startsWith("no filter named");
        } catch (RuntimeException e) {
            return true;
        }
    }

    static Value apply(String name, Value v, List<Value> args, Map<String, Value> kwargs, Expr.Pos at) {
        try {
            return applyUnchecked(name, v, args, kwargs);
        } catch (TemplateException e) {
            throw e.at(at.line(), at.column());
        } catch (RuntimeException e) {
            throw new TemplateException("filter '" + name + "': " + e, at.line(), at.column());
        }
    }

    /** The filters that jinja2 runs as generators guarded by {@code if value:}: a falsy input yields nothing. */
    private static final Set<String> EMPTY_WHEN_FALSY = Set.of("map", "select", "reject", "selectattr", "rejectattr");

    private static Value applyUnchecked(String name, Value v, List<Value> args, Map<String, Value> kwargs) {
        // Before the arguments are looked at, as in jinja2: none|selectattr() is empty, not an error.
        if (EMPTY_WHEN_FALSY.contains(name) && !Py.truthy(v)) return new Value.ListV(new ArrayList<>());
        return switch (name) {
            case "tojson" -> {
                Params p = new Params(args, kwargs, List.of("ensure_ascii", "indent", "separators", "sort_keys"));
                JsonWriter.Options o = JsonWriter.options(p.get("ensure_ascii", Value.FALSE),
                        p.get("indent", Value.None.NONE), p.get("separators", Value.None.NONE),
                        p.get("sort_keys", Value.FALSE));
                yield Value.of(JsonWriter.write(v, o));
            }
            case "default", "d" -> {
                Params p = new Params(args, kwargs, List.of("default_value", "boolean"));
                boolean useDefault = v instanceof Value.Undefined
                        || (Py.truthy(p.get("boolean", Value.FALSE)) && !Py.truthy(v));
                yield useDefault ? p.get("default_value", Value.EMPTY) : v;
            }
            case "length", "count" -> Value.of(Py.len(v));
            case "string" -> v instanceof Value.Str s ? s : Value.of(Py.str(v));
            case "trim" -> {
                Value chars = new Params(args, kwargs, List.of("chars")).get("chars", Value.None.NONE);
                yield sameKind(v, Methods.strip(Py.str(v), chars instanceof Value.None ? null : Py.str(chars), true, true));
            }
            case "upper" -> sameKind(v, Py.str(v).toUpperCase(Locale.ROOT));
            case "lower" -> sameKind(v, Py.str(v).toLowerCase(Locale.ROOT));
            case "capitalize" -> sameKind(v, Methods.capitalize(Py.str(v)));
            case "title" -> Value.of(title(Py.str(v)));
            case "replace" -> {
                Params p = new Params(args, kwargs, List.of("old", "new", "count"));
                Value count = p.get("count", Value.None.NONE);
                yield Value.of(Methods.replace(Py.str(v), Py.str(p.get("old", Value.EMPTY)), Py.str(p.get("new", Value.EMPTY)),
                        count instanceof Value.None ? -1 : Py.toLong(count)));
            }
            case "safe" -> v instanceof Value.Str s && s.markup() ? s : Markup.of(Py.str(v));
            case "forceescape" -> Markup.forceEscape(v);
            case "escape", "e" -> Markup.escape(v);
            case "first" -> {
                if (v instanceof Value.Dict || v instanceof Value.Str || v instanceof Value.ListV) {
                    List<Value> items = Py.iterate(v);
                    yield items.isEmpty() ? new Value.Undefined("no first item, sequence was empty") : items.getFirst();
                }
                yield new Value.Undefined("no first item");
            }
            case "last" -> {
                // jinja2 takes next(reversed(value)), which indexes a str: the last character of Markup is Markup.
                if (v instanceof Value.Str s && !s.value().isEmpty()) yield Access.item(s, Value.of(-1));
                List<Value> items = Py.iterate(v);
                yield items.isEmpty() ? new Value.Undefined("no last item, sequence was empty") : items.getLast();
            }
            case "list" -> Value.list(Py.iterate(v));
            case "items" -> {
                if (v instanceof Value.Undefined) yield new Value.ListV(new ArrayList<>());
                if (!(v instanceof Value.Dict d)) throw new TemplateException("can only get item pairs from a mapping.");
                List<Value> pairs = new ArrayList<>();
                d.entries().forEach((key, val) -> pairs.add(new Value.ListV(new ArrayList<>(List.of(key, val)), true)));
                yield new Value.ListV(pairs);
            }
            case "dictsort" -> dictsort(v, new Params(args, kwargs, List.of("case_sensitive", "by", "reverse")));
            case "join" -> {
                Params p = new Params(args, kwargs, List.of("d", "attribute"));
                Value attribute = p.get("attribute", Value.None.NONE);
                List<String> parts = new ArrayList<>();
                for (Value item : Py.iterate(v)) {
                    parts.add(Py.str(attribute instanceof Value.None ? item : attributeOf(item, attribute)));
                }
                yield Value.of(String.join(Py.str(p.get("d", Value.EMPTY)), parts));
            }
            case "int" -> toInt(v, new Params(args, kwargs, List.of("default", "base")));
            case "float" -> toFloat(v, new Params(args, kwargs, List.of("default")).get("default", new Value.Float(0)));
            case "abs" -> v instanceof Value.Float f ? new Value.Float(Math.abs(f.value())) : Value.of(Math.abs(Py.toLong(v)));
            case "round" -> round(v, new Params(args, kwargs, List.of("precision", "method")));
            case "indent" -> sameKind(v, indent(Py.str(v), new Params(args, kwargs, List.of("width", "first", "blank"))));
            case "center" -> sameKind(v, center(Py.str(v), (int) Py.toLong(new Params(args, kwargs, List.of("width")).get("width", Value.of(80)))));
            case "map" -> map(v, args, kwargs);
            case "select", "reject" -> selectOrReject(v, args, name.equals("select"), null);
            case "selectattr", "rejectattr" -> {
                if (args.isEmpty()) throw new TemplateException(name + " needs an attribute name");
                yield selectOrReject(v, args.subList(1, args.size()), name.equals("selectattr"), args.getFirst());
            }
            case "unique" -> unique(v, new Params(args, kwargs, List.of("case_sensitive", "attribute")));
            case "sort" -> sort(v, new Params(args, kwargs, List.of("reverse", "case_sensitive", "attribute")));
            case "reverse" -> {
                if (v instanceof Value.Str s) yield Access.slice(s, Value.None.NONE, Value.None.NONE, Value.of(-1));
                List<Value> items = Py.iterate(v);
                yield new Value.ListV(new ArrayList<>(items.reversed()));
            }
            case "batch" -> batch(v, new Params(args, kwargs, List.of("linecount", "fill_with")));
            case "sum" -> {
                Params p = new Params(args, kwargs, List.of("attribute", "start"));
                Value attribute = p.get("attribute", Value.None.NONE);
                Value total = p.get("start", Value.of(0));
                for (Value item : Py.iterate(v)) {
                    total = Arithmetic.apply("+", total, attribute instanceof Value.None ? item : attributeOf(item, attribute));
                }
                yield total;
            }
            case "min", "max" -> {
                Params p = new Params(args, kwargs, List.of("case_sensitive", "attribute"));
                List<Value> items = Py.iterate(v);
                if (items.isEmpty()) yield new Value.Undefined("no " + name + " item, sequence was empty");
                Comparator<Value> order = sortKey(p.get("case_sensitive", Value.FALSE), p.get("attribute", Value.None.NONE));
                yield name.equals("min") ? items.stream().min(order).orElseThrow() : items.stream().max(order).orElseThrow();
            }
            case "wordcount" -> Value.of(Py.str(v).isBlank() ? 0 : Py.str(v).trim().split("\\s+").length);
            case "striptags" -> Value.of(Py.str(v).replaceAll("<!--.*?-->|<[^>]*>", "").replaceAll("\\s+", " ").trim());
            case "format" -> {
                boolean markup = v instanceof Value.Str s && s.markup();
                yield sameKind(v, PyFormat.percent(Py.str(v), new Value.ListV(new ArrayList<>(args), true), markup));
            }
            case "attr" -> Access.attribute(v, Py.str(args.getFirst()));
            case "pprint" -> Value.of(Py.repr(v));
            case "truncate" -> truncate(v, new Params(args, kwargs, List.of("length", "killwords", "end", "leeway")));
            default -> throw new TemplateException("no filter named '" + name + "'");
        };
    }

    /** jinja2's title filter: capitalise after whitespace, '-', and opening brackets. */
    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean wordStart = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean boundary = Character.isWhitespace(cp) || "-({[<".indexOf(cp) >= 0;
            if (boundary) {
                sb.appendCodePoint(cp);
                wordStart = true;
            } else {
                sb.appendCodePoint(wordStart ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
                wordStart = false;
            }
        }
        return sb.toString();
    }

    /** jinja2's {@code soft_str(v).method()}: a str result stays Markup when {@code v} was Markup. */
    private static Value sameKind(Value v, String text) {
        return v instanceof Value.Str s ? Markup.like(s, text) : Value.of(text);
    }

    /** jinja2's attribute getter: dotted paths, integer parts index lists; lookups go through getitem. */
    static Value attributeOf(Value item, Value attribute) {
        if (attribute instanceof Value.Int) return Access.item(item, attribute);
        Value current = item;
        for (String part : Py.str(attribute).split("\\.")) {
            Value key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? Value.of(Long.parseLong(part)) : Value.of(part);
            current = Access.item(current, key);
        }
        return current;
    }

    private static Value map(Value v, List<Value> args, Map<String, Value> kwargs) {
        List<Value> out = new ArrayList<>();
        if (kwargs.containsKey("attribute")) {
            Value attribute = kwargs.get("attribute");
            Value dflt = kwargs.get("default");
            for (Value item : Py.iterate(v)) {
                Value x = attributeOf(item, attribute);
                out.add(x instanceof Value.Undefined && dflt != null ? dflt : x);
            }
        } else {
            if (args.isEmpty()) throw new TemplateException("map requires a filter argument");
            String filter = Py.str(args.getFirst());
            List<Value> rest = args.subList(1, args.size());
            for (Value item : Py.iterate(v)) out.add(applyUnchecked(filter, item, rest, kwargs));
        }
        return new Value.ListV(out);
    }

    private static Value selectOrReject(Value v, List<Value> args, boolean select, Value attribute) {
        List<Value> out = new ArrayList<>();
        for (Value item : Py.iterate(v)) {
            Value subject = attribute == null ? item : attributeOf(item, attribute);
            boolean ok = args.isEmpty() ? Py.truthy(subject)
                    : Tests.apply(Py.str(args.getFirst()), subject, args.subList(1, args.size()), new Expr.Pos(0, 0));
            if (ok == select) out.add(item);
        }
        return new Value.ListV(out);
    }

    private static Comparator<Value> sortKey(Value caseSensitive, Value attribute) {
        boolean cs = Py.truthy(caseSensitive);
        return Comparator.comparing((Value item) -> {
            Value key = attribute instanceof Value.None ? item : attributeOf(item, attribute);
            return !cs && key instanceof Value.Str s ? Value.of(s.value().toLowerCase(Locale.ROOT)) : key;
        }, Py::compare);
    }

    private static Value sort(Value v, Params p) {
        List<Value> items = new ArrayList<>(Py.iterate(v));
        Comparator<Value> order = sortKey(p.get("case_sensitive", Value.FALSE), p.get("attribute", Value.None.NONE));
        items.sort(Py.truthy(p.get("reverse", Value.FALSE)) ? order.reversed() : order);
        return new Value.ListV(items);
    }

    private static Value unique(Value v, Params p) {
        boolean cs = Py.truthy(p.get("case_sensitive", Value.FALSE));
        Value attribute = p.get("attribute", Value.None.NONE);
        List<Value> out = new ArrayList<>();
        List<Value> seen = new ArrayList<>();
        for (Value item : Py.iterate(v)) {
            Value key = attribute instanceof Value.None ? item : attributeOf(item, attribute);
            if (!cs && key instanceof Value.Str s) key = Value.of(s.value().toLowerCase(Locale.ROOT));
            final Value k = key;
            if (seen.stream().noneMatch(x -> Py.equal(x, k))) {
                seen.add(key);
                out.add(item);
            }
        }
        return new Value.ListV(out);
    }

    private static Value dictsort(Value v, Params p) {
        if (!(v instanceof Value.Dict d)) throw new TemplateException("dictsort needs a mapping");
        boolean byValue = Py.str(p.get("by", Value.of("key"))).equals("value");
        boolean cs = Py.truthy(p.get("case_sensitive", Value.FALSE));
        List<Value> pairs = new ArrayList<>();
        d.entries().forEach((key, val) -> pairs.add(new Value.ListV(new ArrayList<>(List.of(key, val)), true)));
        Comparator<Value> order = Comparator.comparing((Value pair) -> {
            Value key = ((Value.ListV) pair).items().get(byValue ? 1 : 0);
            return !cs && key instanceof Value.Str s ? Value.of(s.value().toLowerCase(Locale.ROOT)) : key;
        }, Py::compare);
        pairs.sort(Py.truthy(p.get("reverse", Value.FALSE)) ? order.reversed() : order);
        return new Value.ListV(pairs);
    }

    private static Value batch(Value v, Params p) {
        int size = (int) Py.toLong(p.get("linecount", Value.of(1)));
        Value fill = p.get("fill_with", Value.None.NONE);
        List<Value> out = new ArrayList<>();
        List<Value> current = new ArrayList<>();
        for (Value item : Py.iterate(v)) {
            current.add(item);
            if (current.size() == size) {
                out.add(new Value.ListV(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            if (!(fill instanceof Value.None)) while (current.size() < size) current.add(fill);
            out.add(new Value.ListV(current));
        }
        return new Value.ListV(out);
    }

    private static Value toInt(Value v, Params p) {
        Value dflt = p.get("default", Value.of(0));
        return switch (v) {
            case Value.Int i -> i;
            case Value.Bool b -> Value.of(b.value() ? 1 : 0);
            case Value.Float f -> Value.of((long) f.value());
            case Value.Str s -> {
                String t = s.value().strip().replace("_", "");
                try {
                    yield Value.of(Long.parseLong(t, (int) Py.toLong(p.get("base", Value.of(10)))));
                } catch (NumberFormatException e) {
                    try {
                        yield Value.of((long) Double.parseDouble(t));
                    } catch (NumberFormatException e2) {
                        yield dflt;
                    }
                }
            }
            default -> dflt;
        };
    }

    private static Value toFloat(Value v, Value dflt) {
        return switch (v) {
            case Value.Float f -> f;
            case Value.Int i -> new Value.Float(i.value());
            case Value.Bool b -> new Value.Float(b.value() ? 1 : 0);
            case Value.Str s -> {
                try {
                    yield new Value.Float(Double.parseDouble(s.value().strip()));
                } catch (NumberFormatException e) {
                    yield dflt;
                }
            }
            default -> dflt;
        };
    }

    private static Value round(Value v, Params p) {
        int precision = (int) Py.toLong(p.get("precision", Value.of(0)));
        String method = Py.str(p.get("method", Value.of("common")));
        double x = Py.toDouble(v);
        double scale = Math.pow(10, precision);
        double r = switch (method) {
            case "ceil" -> Math.ceil(x * scale) / scale;
            case "floor" -> Math.floor(x * scale) / scale;
            default -> new java.math.BigDecimal(x).setScale(precision, java.math.RoundingMode.HALF_EVEN).doubleValue();
        };
        return new Value.Float(r);
    }

    /** jinja2's indent: every line but the first (unless first=True), skipping blank lines unless blank=True. */
    private static String indent(String s, Params p) {
        Value width = p.get("width", Value.of(4));
        String pad = width instanceof Value.Str w ? w.value() : " ".repeat((int) Py.toLong(width));
        boolean first = Py.truthy(p.get("first", Value.FALSE));
        boolean blank = Py.truthy(p.get("blank", Value.FALSE));
        List<String> lines = Py.splitLines(s + "\n");
        StringBuilder rv = new StringBuilder();
        if (blank) {
            rv.append(String.join("\n" + pad, lines));
        } else {
            rv.append(lines.getFirst());
            for (int i = 1; i < lines.size(); i++) {
                rv.append('\n');
                if (!lines.get(i).isEmpty()) rv.append(pad);
                rv.append(lines.get(i));
            }
        }
        return first ? pad + rv : rv.toString();
    }

    private static String center(String s, int width) {
        int total = Math.max(0, width - s.codePointCount(0, s.length()));
        int left = total / 2 + (total & width & 1);
        return " ".repeat(left) + s + " ".repeat(total - left);
    }

    /** jinja2's truncate; a shortened Markup gets its {@code end} escaped, as {@code Markup + str} does. */
    private static Value truncate(Value v, Params p) {
        String s = Py.str(v);
        int length = (int) Py.toLong(p.get("length", Value.of(255)));
        boolean killwords = Py.truthy(p.get("killwords", Value.FALSE));
        Value endValue = p.get("end", Value.of("..."));
        String end = Py.str(endValue);
        int leeway = (int) Py.toLong(p.get("leeway", Value.of(5)));
        if (s.length() <= length + leeway) return v instanceof Value.Str ? v : Value.of(s);
        String cut = s.substring(0, Math.max(0, length - end.length()));
        int space = cut.lastIndexOf(' ');
        String kept = killwords || space < 0 ? cut : cut.substring(0, space);
        boolean markup = v instanceof Value.Str m && m.markup();
        return markup ? Markup.of(kept + Markup.escaped(endValue)) : Value.of(kept + end);
    }

}
