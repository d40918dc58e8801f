package r1j.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runtime value with Python semantics. Templates are written against Python objects, so each variant mirrors the
 * Python type a Hugging Face render would see: str, int, float, bool, None, list/tuple, dict, jinja2's Undefined,
 * jinja2's namespace, and callables (macros, bound methods, global functions).
 */
public sealed interface Value {

    /**
     * A Python str. {@code markup} marks markupsafe's {@code Markup} (what {@code |safe} and {@code |escape} give): a
     * str subclass, equal to and hashing like the plain str of the same text, whose {@code +}, {@code %},
     * {@code format}, {@code join} and {@code replace} escape the plain strings they take in (see {@link Markup}).
     */
    record Str(String value, boolean markup) implements Value {
        public Str(String value) {
            this(value, false);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && s.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    record Int(long value) implements Value {}

    record Float(double value) implements Value {}

    record Bool(boolean value) implements Value {}

    /** Python's None. */
    enum None implements Value { NONE }

    /** Python list (mutable: templates call append/pop) or tuple ({@code tuple} only changes repr). */
    record ListV(List<Value> items, boolean tuple) implements Value {
        public ListV(List<Value> items) {
            this(items, false);
        }
    }

    /** Python dict; insertion-ordered like Python 3.7+. */
    record Dict(LinkedHashMap<Value, Value> entries) implements Value {
        public Dict() {
            this(new LinkedHashMap<>());
        }
    }

    /** jinja2's default Undefined: prints as "", is falsy and empty, fails on attribute access or arithmetic. */
    record Undefined(String hint) implements Value {}

    /** jinja2's namespace(): the one mutable object a {@code set} inside a loop can write through. */
    record Namespace(Map<String, Value> attributes) implements Value {}

    /** Anything callable from a template. */
    non-sealed interface Callable extends Value {
        Value call(List<Value> args, Map<String, Value> kwargs);
    }

    Value TRUE = new Bool(true);
    Value FALSE = new Bool(false);
    Value EMPTY = new Str("");

    static Value of(boolean b) {
        return b ? TRUE : FALSE;
    }

    static Value of(String s) {
        return new Str(s);
    }

    static Value of(long n) {
        return new Int(n);
    }

    static ListV list(List<Value> items) {
        return new ListV(new ArrayList<>(items));
    }

    /** Converts plain Java data (what Jackson produces from JSON) into template values. */
    static Value fromJava(Object o) {
        return switch (o) {
            case null -> None.NONE;
            case Value v -> v;
            case String s -> new Str(s);
            case Boolean b -> of(b);
            case Integer i -> new Int(i);
            case Long l -> new Int(l);
            case Short s -> new Int(s);
            case Byte b -> new Int(b);
            case java.math.BigInteger b -> new Int(b.longValueExact());
            case Number n -> new Float(n.doubleValue());
            case Character c -> new Str(c.toString());
            case Map<?, ?> m -> {
                LinkedHashMap<Value, Value> entries = new LinkedHashMap<>();
                m.forEach((k, v) -> entries.put(fromJava(k), fromJava(v)));
                yield new Dict(entries);
            }
            case Iterable<?> it -> {
                List<Value> items = new ArrayList<>();
                it.forEach(x -> items.add(fromJava(x)));
                yield new ListV(items);
            }
            case Object[] arr -> {
                List<Value> items = new ArrayList<>();
                for (Object x : arr) items.add(fromJava(x));
                yield new ListV(items);
            }
            default -> throw new TemplateException("cannot pass a " + o.getClass().getName() + " to a template");
        };
    }
}
