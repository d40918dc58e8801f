package r1j.engine.template;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * Global functions every chat template may call: jinja2's {@code range}, {@code namespace}, {@code dict}, and the
 * two Hugging Face adds, {@code raise_exception(msg)} and {@code strftime_now(fmt)} (on the injected clock).
 */
final class Builtins {
    private Builtins() {}

    static void install(Scope globals, LocalDateTime now) {
        globals.set("range", (Value.Callable) (args, kwargs) -> range(args));
        globals.set("namespace", (Value.Callable) (args, kwargs) -> {
            HashMap<String, Value> attributes = new HashMap<>();
            for (Value a : args) {
                if (a instanceof Value.Dict d) d.entries().forEach((k, v) -> attributes.put(Py.str(k), v));
                else throw new TemplateException("namespace() takes a mapping or keyword arguments");
            }
            attributes.putAll(kwargs);
            return new Value.Namespace(attributes);
        });
        globals.set("dict", (Value.Callable) (args, kwargs) -> {
            Value.Dict d = new Value.Dict();
            for (Value a : args) if (a instanceof Value.Dict other) d.entries().putAll(other.entries());
            kwargs.forEach((k, v) -> d.entries().put(Value.of(k), v));
            return d;
        });
        globals.set("raise_exception", (Value.Callable) (args, kwargs) -> {
            throw new TemplateException(TemplateException.Kind.RAISED,
                    args.isEmpty() ? "raise_exception called" : Py.str(args.getFirst()), 0, 0);
        });
        globals.set("strftime_now", (Value.Callable) (args, kwargs) -> {
            if (args.isEmpty()) throw new TemplateException("strftime_now needs a format");
            return Value.of(strftime(Py.str(args.getFirst()), now));
        });
    }

    private static Value range(List<Value> args) {
        long start = 0, stop, step = 1;
        if (args.size() == 1) {
            stop = Py.toLong(args.get(0));
        } else if (args.size() >= 2) {
            start = Py.toLong(args.get(0));
            stop = Py.toLong(args.get(1));
            if (args.size() > 2) step = Py.toLong(args.get(2));
        } else {
            throw new TemplateException("range expected at least 1 argument, got 0");
        }
        if (step == 0) throw new TemplateException("range() arg 3 must not be zero");
        List<Value> items = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) items.add(Value.of(i));
        return new Value.ListV(items);
    }

    /** C strftime (as Python calls it on Linux) for the directives templates use, including glibc's %-d. */
    static String strftime(String format, LocalDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            boolean noPad = false;
            if (d == '-' && i + 1 < format.length()) {
                noPad = true;
                d = format.charAt(++i);
            }
            String fieldFormat = noPad ? "%d" : "%02d";
            switch (d) {
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> sb.append(String.format("%02d", t.getYear() % 100));
                case 'm' -> sb.append(String.format(fieldFormat, t.getMonthValue()));
                case 'd' -> sb.append(String.format(fieldFormat, t.getDayOfMonth()));
                case 'e' -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> sb.append(String.format(fieldFormat, t.getHour()));
                case 'I' -> sb.append(String.format(fieldFormat, (t.getHour() + 11) % 12 + 1));
                case 'M' -> sb.append(String.format(fieldFormat, t.getMinute()));
                case 'S' -> sb.append(String.format(fieldFormat, t.getSecond()));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> sb.append(String.format(noPad ? "%d" : "%03d", t.getDayOfYear()));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'F' -> sb.append(String.format("%d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()));
                case '%' -> sb.append('%');
                default -> sb.append('%').append(noPad ? "-" : "").append(d);
            }
        }
        return sb.toString();
    }
}
