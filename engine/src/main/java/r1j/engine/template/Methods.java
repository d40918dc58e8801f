package r1j.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Python str, list and dict methods that chat templates call, bound to their receiver. */
final class Methods {
    private Methods() {}

    /** The bound method {@code object.name}, or null when the type has no such method. */
    static Value.Callable bind(Value object, String name) {
        return switch (object) {
            case Value.Str s -> strMethod(s, name);
            case Value.ListV l -> listMethod(l, name);
            case Value.Dict d -> dictMethod(d, name);
            default -> null;
        };
    }

    /**
     * The str methods; on Markup ({@link Value.Str#markup}) those that return strings return Markup, as markupsafe's
     * overrides do, and {@code replace}, {@code join}, {@code format} and the fill of {@code center}/{@code ljust}/
     * {@code rjust} escape what they take in.
     */
    private static Value.Callable strMethod(Value.Str receiver, String name) {
        String s = receiver.value();
        boolean markup = receiver.markup();
        return switch (name) {
            case "strip" -> (a, k) -> Markup.like(receiver, strip(s, chars(a), true, true));
            case "lstrip" -> (a, k) -> Markup.like(receiver, strip(s, chars(a), true, false));
            case "rstrip" -> (a, k) -> Markup.like(receiver, strip(s, chars(a), false, true));
            case "upper" -> (a, k) -> Markup.like(receiver, s.toUpperCase(java.util.Locale.ROOT));
            case "lower" -> (a, k) -> Markup.like(receiver, s.toLowerCase(java.util.Locale.ROOT));
            case "title" -> (a, k) -> Markup.like(receiver, title(s));
            case "capitalize" -> (a, k) -> Markup.like(receiver, capitalize(s));
            case "split" -> (a, k) -> split(receiver, arg(a, k, 0, "sep"), arg(a, k, 1, "maxsplit"), false);
            case "rsplit" -> (a, k) -> split(receiver, arg(a, k, 0, "sep"), arg(a, k, 1, "maxsplit"), true);
            case "splitlines" -> (a, k) -> strings(Py.splitLines(s), markup);
            case "startswith" -> (a, k) -> Value.of(affix(s, a.getFirst(), true));
            case "endswith" -> (a, k) -> Value.of(affix(s, a.getFirst(), false));
            case "replace" -> (a, k) -> Markup.like(receiver, replace(s, Py.str(a.get(0)),
                    markup ? Markup.escaped(a.get(1)) : Py.str(a.get(1)), a.size() > 2 ? Py.toLong(a.get(2)) : -1));
            case "find" -> (a, k) -> Value.of(codePointIndex(s, s.indexOf(Py.str(a.getFirst()))));
            case "rfind" -> (a, k) -> Value.of(codePointIndex(s, s.lastIndexOf(Py.str(a.getFirst()))));
            case "index" -> (a, k) -> {
                int i = s.indexOf(Py.str(a.getFirst()));
                if (i < 0) throw new TemplateException("substring not found");
                return Value.of(codePointIndex(s, i));
            };
            case "count" -> (a, k) -> Value.of(count(s, Py.str(a.getFirst())));
            case "join" -> (a, k) -> {
                List<String> parts = new ArrayList<>();
                for (Value v : Py.iterate(a.getFirst())) parts.add(markup ? Markup.escaped(v) : Py.str(v));
                return Markup.like(receiver, String.join(s, parts));
            };
            case "format" -> (a, k) -> Markup.like(receiver, PyFormat.format(s, a, k, markup));
            case "isdigit", "isnumeric", "isdecimal" -> (a, k) -> Value.of(!s.isEmpty() && s.codePoints().allMatch(Character::isDigit));
            case "isalpha" -> (a, k) -> Value.of(!s.isEmpty() && s.codePoints().allMatch(Character::isLetter));
            case "isalnum" -> (a, k) -> Value.of(!s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit));
            case "isspace" -> (a, k) -> Value.of(!s.isEmpty() && s.codePoints().allMatch(Py::isSpace));
            case "isupper" -> (a, k) -> Value.of(s.codePoints().anyMatch(Character::isUpperCase)
                    && s.codePoints().noneMatch(Character::isLowerCase));
            case "islower" -> (a, k) -> Value.of(s.codePoints().anyMatch(Character::isLowerCase)
                    && s.codePoints().noneMatch(Character::isUpperCase));
            case "removeprefix" -> (a, k) -> {
                String p = Py.str(a.getFirst());
                return Markup.like(receiver, s.startsWith(p) ? s.substring(p.length()) : s);
            };
            case "removesuffix" -> (a, k) -> {
                String p = Py.str(a.getFirst());
                return Markup.like(receiver, !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
            };
            case "partition", "rpartition" -> (a, k) -> {
                String sep = Py.str(a.getFirst());
                int i = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                List<String> parts = i < 0
                        ? (name.equals("partition") ? List.of(s, "", "") : List.of("", "", s))
                        : List.of(s.substring(0, i), sep, s.substring(i + sep.length()));
                return new Value.ListV(strings(parts, markup).items(), true);
            };
            case "zfill" -> (a, k) -> {
                int width = (int) Py.toLong(a.getFirst());
                boolean sign = s.startsWith("-") || s.startsWith("+");
                String body = sign ? s.substring(1) : s;
                String pad = "0".repeat(Math.max(0, width - s.length()));
                return Markup.like(receiver, (sign ? s.substring(0, 1) : "") + pad + body);
            };
            case "center", "ljust", "rjust" -> (a, k) -> {
                int width = (int) Py.toLong(a.getFirst());
                String fill = a.size() > 1 ? (markup ? Markup.escaped(a.get(1)) : Py.str(a.get(1))) : " ";
                if (fill.codePointCount(0, fill.length()) != 1) {
                    throw new TemplateException("The fill character must be exactly one character long");
                }
                int len = s.codePointCount(0, s.length());
                int total = Math.max(0, width - len);
                int left = switch (name) {
                    case "ljust" -> 0;
                    case "rjust" -> total;
                    default -> total / 2 + (total & width & 1);
                };
                return Markup.like(receiver, fill.repeat(left) + s + fill.repeat(total - left));
            };
            default -> null;
        };
    }

    private static Value.Callable listMethod(Value.ListV l, String name) {
        List<Value> items = l.items();
        return switch (name) {
            case "append" -> (a, k) -> {
                items.add(a.getFirst());
                return Value.None.NONE;
            };
            case "extend" -> (a, k) -> {
                items.addAll(Py.iterate(a.getFirst()));
                return Value.None.NONE;
            };
            case "insert" -> (a, k) -> {
                long i = Py.toLong(a.get(0));
                if (i < 0) i = Math.max(0, i + items.size());
                items.add((int) Math.min(i, items.size()), a.get(1));
                return Value.None.NONE;
            };
            case "pop" -> (a, k) -> {
                if (items.isEmpty()) throw new TemplateException("pop from empty list");
                long i = a.isEmpty() ? items.size() - 1 : Py.toLong(a.getFirst());
                if (i < 0) i += items.size();
                if (i < 0 || i >= items.size()) throw new TemplateException("pop index out of range");
                return items.remove((int) i);
            };
            case "index" -> (a, k) -> {
                for (int i = 0; i < items.size(); i++) if (Py.equal(items.get(i), a.getFirst())) return Value.of(i);
                throw new TemplateException(Py.repr(a.getFirst()) + " is not in list");
            };
            case "count" -> (a, k) -> Value.of(items.stream().filter(x -> Py.equal(x, a.getFirst())).count());
            case "copy" -> (a, k) -> Value.list(items);
            default -> null;
        };
    }

    private static Value.Callable dictMethod(Value.Dict d, String name) {
        Map<Value, Value> entries = d.entries();
        return switch (name) {
            case "get" -> (a, k) -> {
                Value v = entries.get(Py.dictKey(a.getFirst()));
                return v != null ? v : a.size() > 1 ? a.get(1) : Value.None.NONE;
            };
            case "items" -> (a, k) -> {
                List<Value> pairs = new ArrayList<>();
                entries.forEach((key, v) -> pairs.add(new Value.ListV(new ArrayList<>(List.of(key, v)), true)));
                return new Value.ListV(pairs);
            };
            case "keys" -> (a, k) -> Value.list(new ArrayList<>(entries.keySet()));
            case "values" -> (a, k) -> Value.list(new ArrayList<>(entries.values()));
            case "pop" -> (a, k) -> {
                Value v = entries.remove(Py.dictKey(a.getFirst()));
                if (v != null) return v;
                if (a.size() > 1) return a.get(1);
                throw new TemplateException("KeyError: " + Py.repr(a.getFirst()));
            };
            case "copy" -> (a, k) -> new Value.Dict(new java.util.LinkedHashMap<>(entries));
            case "update" -> (a, k) -> {
                if (!a.isEmpty() && a.getFirst() instanceof Value.Dict other) entries.putAll(other.entries());
                k.forEach((key, v) -> entries.put(Value.of(key), v));
                return Value.None.NONE;
            };
            case "setdefault" -> (a, k) -> {
                Value key = Py.dictKey(a.getFirst());
                return entries.computeIfAbsent(key, x -> a.size() > 1 ? a.get(1) : Value.None.NONE);
            };
            default -> null;
        };
    }

    private static Value arg(List<Value> args, Map<String, Value> kwargs, int index, String name) {
        if (index < args.size()) return args.get(index);
        return kwargs.getOrDefault(name, Value.None.NONE);
    }

    private static String chars(List<Value> args) {
        return args.isEmpty() || args.getFirst() instanceof Value.None ? null : Py.str(args.getFirst());
    }

    /** Python strip: whitespace (Python's definition) when chars is null, otherwise any of the given characters. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0, end = s.length();
        while (left && start < end && stripped(s.codePointAt(start), chars)) start += Character.charCount(s.codePointAt(start));
        while (right && end > start && stripped(s.codePointBefore(end), chars)) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? Py.isSpace(cp) : chars.indexOf(Character.toString(cp)) >= 0;
    }

    private static Value split(Value.Str receiver, Value sepValue, Value maxValue, boolean fromRight) {
        String s = receiver.value();
        long max = maxValue instanceof Value.None ? -1 : Py.toLong(maxValue);
        List<String> parts = new ArrayList<>();
        if (sepValue instanceof Value.None) {
            // whitespace split: runs of whitespace separate, no empty strings
            List<int[]> words = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                while (i < s.length() && Py.isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                if (i >= s.length()) break;
                int start = i;
                while (i < s.length() && !Py.isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
                words.add(new int[] {start, i});
            }
            if (max < 0 || words.size() <= max + 1) {
                for (int[] w : words) parts.add(s.substring(w[0], w[1]));
            } else if (!fromRight) {
                for (int w = 0; w < max; w++) parts.add(s.substring(words.get(w)[0], words.get(w)[1]));
                parts.add(strip(s.substring(words.get((int) max)[0]), null, false, true));
            } else {
                int firstKept = words.size() - (int) max;
                parts.add(strip(s.substring(0, words.get(firstKept - 1)[1]), null, true, false));
                for (int w = firstKept; w < words.size(); w++) parts.add(s.substring(words.get(w)[0], words.get(w)[1]));
            }
            return strings(parts, receiver.markup());
        }
        String sep = Py.str(sepValue);
        if (sep.isEmpty()) throw new TemplateException("empty separator");
        if (!fromRight) {
            int start = 0, idx;
            while ((max < 0 || parts.size() < max) && (idx = s.indexOf(sep, start)) >= 0) {
                parts.add(s.substring(start, idx));
                start = idx + sep.length();
            }
            parts.add(s.substring(start));
        } else {
            int end = s.length(), idx;
            while ((max < 0 || parts.size() < max) && end >= 0 && (idx = s.lastIndexOf(sep, end - sep.length())) >= 0) {
                parts.addFirst(s.substring(idx + sep.length(), end));
                end = idx;
            }
            parts.addFirst(s.substring(0, end));
        }
        return strings(parts, receiver.markup());
    }

    private static Value.ListV strings(List<String> parts, boolean markup) {
        List<Value> values = new ArrayList<>(parts.size());
        for (String p : parts) values.add(new Value.Str(p, markup));
        return new Value.ListV(values);
    }

    private static boolean affix(String s, Value arg, boolean prefix) {
        if (arg instanceof Value.ListV l) {
            for (Value v : l.items()) if (affix(s, v, prefix)) return true;
            return false;
        }
        String a = Py.str(arg);
        return prefix ? s.startsWith(a) : s.endsWith(a);
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            if (old.isEmpty()) {
                StringBuilder sb = new StringBuilder(replacement);
                s.codePoints().forEach(cp -> sb.appendCodePoint(cp).append(replacement));
                return sb.toString();
            }
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int start = 0, idx, done = 0;
        while (done < count && !old.isEmpty() && (idx = s.indexOf(old, start)) >= 0) {
            sb.append(s, start, idx).append(replacement);
            start = idx + old.length();
            done++;
        }
        return sb.append(s.substring(start)).toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) return s.codePointCount(0, s.length()) + 1;
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }

    private static long codePointIndex(String s, int charIndex) {
        return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
    }

    /** Python str.title(): a cased letter after an uncased character starts a word. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean cased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
            sb.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            previousCased = cased;
        }
        return sb.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(java.util.Locale.ROOT)).toString();
    }
}
