package r1j.engine.template;

import java.util.List;

/** jinja2's built-in tests ({@code x is defined}, {@code x is string}, {@code x is equalto y}, ...). */
final class Tests {
    private Tests() {}

    static boolean apply(String name, Value v, List<Value> args, Expr.Pos at) {
        return switch (name) {
            case "defined" -> !(v instanceof Value.Undefined);
            case "undefined" -> v instanceof Value.Undefined;
            case "none" -> v instanceof Value.None;
            case "boolean" -> v instanceof Value.Bool;
            case "true" -> v instanceof Value.Bool b && b.value();
            case "false" -> v instanceof Value.Bool b && !b.value();
            case "integer" -> v instanceof Value.Int;
            case "float" -> v instanceof Value.Float;
            case "number" -> Py.isNumber(v);
            case "string" -> v instanceof Value.Str;
            case "mapping" -> v instanceof Value.Dict;
            case "iterable" -> v instanceof Value.Str || v instanceof Value.ListV || v instanceof Value.Dict
                    || v instanceof Value.Undefined;
            case "sequence" -> v instanceof Value.Str || v instanceof Value.ListV || v instanceof Value.Dict
                    || v instanceof Value.Undefined;
            case "callable" -> v instanceof Value.Callable;
            case "odd" -> Py.toLong(v) % 2 != 0;
            case "even" -> Py.toLong(v) % 2 == 0;
            case "divisibleby" -> Py.toLong(v) % Py.toLong(arg(args, 0, name, at)) == 0;
            case "lower" -> Py.str(v).equals(Py.str(v).toLowerCase(java.util.Locale.ROOT));
            case "upper" -> Py.str(v).equals(Py.str(v).toUpperCase(java.util.Locale.ROOT));
            case "eq", "equalto", "==" -> Py.equal(v, arg(args, 0, name, at));
            case "ne", "!=" -> !Py.equal(v, arg(args, 0, name, at));
            case "lt", "lessthan", "<" -> Py.compare(v, arg(args, 0, name, at)) < 0;
            case "le", "<=" -> Py.compare(v, arg(args, 0, name, at)) <= 0;
            case "gt", "greaterthan", ">" -> Py.compare(v, arg(args, 0, name, at)) > 0;
            case "ge", ">=" -> Py.compare(v, arg(args, 0, name, at)) >= 0;
            case "in" -> Py.contains(arg(args, 0, name, at), v);
            case "sameas" -> sameAs(v, arg(args, 0, name, at));
            case "escaped" -> v instanceof Value.Str s && s.markup();
            case "filter" -> Filters.exists(Py.str(v));
            case "test" -> exists(Py.str(v));
            default -> throw new TemplateException("no test named '" + name + "'", at.line(), at.column());
        };
    }

    static boolean exists(String name) {
        try {
            apply(name, Value.None.NONE, List.of(Value.None.NONE), new Expr.Pos(0, 0));
            return true;
        } catch (TemplateException e) {
            return !e.detail().startsWith("no test named");
        }
    }

    private static boolean sameAs(Value a, Value b) {
        if (a instanceof Value.None || a instanceof Value.Bool) return Py.equal(a, b) && a.getClass() == b.getClass();
        return a == b;
    }

    private static Value arg(List<Value> args, int i, String test, Expr.Pos at) {
        if (i >= args.size()) throw new TemplateException("test '" + test + "' needs an argument", at.line(), at.column());
        return args.get(i);
    }
}
