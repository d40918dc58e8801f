package r1j.engine.template;

import java.util.HashMap;
import java.util.Map;

/**
 * A variable frame. jinja2 opens a new frame for each for loop and macro call (not for if), which is why a
 * {@code set} inside a loop is invisible after it and templates reach for {@code namespace()}.
 */
final class Scope {
    private final Map<String, Value> vars = new HashMap<>();
    private final Scope parent;

    Scope(Scope parent) {
        this.parent = parent;
    }

    Value lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Value v = s.vars.get(name);
            if (v != null) return v;
        }
        return null;
    }

    void set(String name, Value value) {
        vars.put(name, value);
    }
}
