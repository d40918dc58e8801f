package r1j.engine.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's binary arithmetic: numbers, str/list concatenation and repetition, and printf-style {@code str % args}
 * (Markup operands follow {@link Markup}'s rules).
 */
final class Arithmetic {
    private Arithmetic() {}

    static Value apply(String op, Value a, Value b) {
        if (op.equals("%") && a instanceof Value.Str s) return Markup.like(s, PyFormat.percent(s.value(), b, s.markup()));
        if (Py.isNumber(a) && Py.isNumber(b)) return numeric(op, a, b);
        switch (op) {
            case "+" -> {
                if (a instanceof Value.Str x && b instanceof Value.Str y) return Markup.concat(x, y);
                if (a instanceof Value.ListV x && b instanceof Value.ListV y) {
                    List<Value> all = new ArrayList<>(x.items());
                    all.addAll(y.items());
                    return new Value.ListV(all, x.tuple());
                }
            }
            case "*" -> {
                if (a instanceof Value.Str x && isInteger(b)) return Markup.like(x, x.value().repeat((int) Math.max(0, Py.toLong(b))));
                if (b instanceof Value.Str y && isInteger(a)) return Markup.like(y, y.value().repeat((int) Math.max(0, Py.toLong(a))));
                if (a instanceof Value.ListV x && isInteger(b)) {
                    List<Value> all = new ArrayList<>();
                    for (long i = 0; i < Py.toLong(b); i++) all.addAll(x.items());
                    return new Value.ListV(all, x.tuple());
                }
            }
            default -> {}
        }
        throw new TemplateException("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    private static boolean isInteger(Value v) {
        return v instanceof Value.Int || v instanceof Value.Bool;
    }

    private static Value numeric(String op, Value a, Value b) {
        boolean floating = a instanceof Value.Float || b instanceof Value.Float;
        if (op.equals("/")) {
            double d = Py.toDouble(b);
            if (d == 0) throw new TemplateException("division by zero");
            return new Value.Float(Py.toDouble(a) / d);
        }
        if (floating) {
            double x = Py.toDouble(a), y = Py.toDouble(b);
            return new Value.Float(switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "//" -> Math.floor(divisor(x, y));
                case "%" -> x - Math.floor(divisor(x, y)) * y;
                case "**" -> Math.pow(x, y);
                default -> throw new TemplateException("unknown operator " + op);
            });
        }
        long x = Py.toLong(a), y = Py.toLong(b);
        return switch (op) {
            case "+" -> new Value.Int(x + y);
            case "-" -> new Value.Int(x - y);
            case "*" -> new Value.Int(x * y);
            case "//" -> new Value.Int(Math.floorDiv(x, nonZero(y)));
            case "%" -> new Value.Int(Math.floorMod(x, nonZero(y)));
            case "**" -> y >= 0 ? new Value.Int(pow(x, y)) : new Value.Float(Math.pow(x, y));
            default -> throw new TemplateException("unknown operator " + op);
        };
    }

    private static double divisor(double x, double y) {
        if (y == 0) throw new TemplateException("float division by zero");
        return x / y;
    }

    private static long nonZero(long y) {
        if (y == 0) throw new TemplateException("integer division or modulo by zero");
        return y;
    }

    private static long pow(long base, long exp) {
        long result = 1;
        for (long i = 0; i < exp; i++) result = Math.multiplyExact(result, base);
        return result;
    }
}
