package r1j.engine.template;

import java.util.ArrayList;
import java.util.List;

/**
 * jinja2's attribute and item lookup. {@code a.b} tries the Python attribute first (so {@code d.items} is the dict
 * method) and then the key; {@code a[b]} tries the key first. A missing key or index gives Undefined, but any lookup
 * on Undefined itself fails, as with jinja2's default Undefined.
 */
final class Access {
    private Access() {}

    static Value attribute(Value object, String name) {
        failIfUndefined(object);
        Value method = Methods.bind(object, name);
        if (method != null) return method;
        return switch (object) {
            case Value.Dict d -> {
                Value v = d.entries().get(Value.of(name));
                yield v != null ? v : missing(object, name);
            }
            case Value.Namespace ns -> {
                Value v = ns.attributes().get(name);
                yield v != null ? v : missing(object, name);
            }
            default -> missing(object, name);
        };
    }

    static Value item(Value object, Value key) {
        failIfUndefined(object);
        switch (object) {
            case Value.Dict d -> {
                Value v = d.entries().get(Py.dictKey(key));
                if (v != null) return v;
            }
            case Value.ListV l when Py.isNumber(key) && !(key instanceof Value.Float) -> {
                int i = normaliseIndex(Py.toLong(key), l.items().size());
                if (i >= 0) return l.items().get(i);
                return new Value.Undefined(Py.typeName(object) + " index out of range");
            }
            case Value.Str s when Py.isNumber(key) && !(key instanceof Value.Float) -> {
                int[] cps = s.value().codePoints().toArray();
                int i = normaliseIndex(Py.toLong(key), cps.length);
                if (i >= 0) return Markup.like(s, Character.toString(cps[i]));
                return new Value.Undefined("string index out of range");
            }
            case Value.Namespace ns when key instanceof Value.Str k -> {
                Value v = ns.attributes().get(k.value());
                if (v != null) return v;
            }
            default -> {}
        }
        if (key instanceof Value.Str k) {
            Value method = Methods.bind(object, k.value());
            if (method != null) return method;
        }
        return missing(object, Py.repr(key));
    }

    private static int normaliseIndex(long index, int size) {
        long i = index < 0 ? index + size : index;
        return i >= 0 && i < size ? (int) i : -1;
    }

    static Value slice(Value object, Value start, Value stop, Value step) {
        failIfUndefined(object);
        List<Value> items = switch (object) {
            case Value.ListV l -> l.items();
            case Value.Str s -> Py.iterate(s);
            default -> throw new TemplateException("'" + Py.typeName(object) + "' object is not subscriptable");
        };
        int n = items.size();
        long st = step instanceof Value.None ? 1 : Py.toLong(step);
        if (st == 0) throw new TemplateException("slice step cannot be zero");
        List<Value> picked = new ArrayList<>();
        if (st > 0) {
            long from = clamp(start, 0, n, 0, n);
            long to = clamp(stop, n, n, 0, n);
            for (long i = from; i < to; i += st) picked.add(items.get((int) i));
        } else {
            long from = clamp(start, n - 1, n, -1, n - 1);
            long to = clamp(stop, -1, n, -1, n - 1);
            for (long i = from; i > to; i += st) picked.add(items.get((int) i));
        }
        if (object instanceof Value.Str s) {
            StringBuilder sb = new StringBuilder();
            for (Value v : picked) sb.append(((Value.Str) v).value());
            return Markup.like(s, sb.toString());
        }
        return new Value.ListV(picked, ((Value.ListV) object).tuple());
    }

    /** Python's slice bound normalisation: None takes the default, negatives count from the end, then clamp. */
    private static long clamp(Value bound, long dflt, int n, long lo, long hi) {
        if (bound instanceof Value.None) return dflt;
        long v = Py.toLong(bound);
        if (v < 0) v += n;
        return Math.max(lo, Math.min(hi, v));
    }

    static void failIfUndefined(Value v) {
        if (v instanceof Value.Undefined u) throw new TemplateException(u.hint());
    }

    private static Value missing(Value object, String name) {
        String owner = switch (object) {
            case Value.Dict d -> "dict object";
            case Value.ListV l -> "list object";
            case Value.Str s -> "str object";
            default -> Py.typeName(object) + " object";
        };
        return new Value.Undefined("'" + owner + "' has no attribute '" + name + "'");
    }
}
