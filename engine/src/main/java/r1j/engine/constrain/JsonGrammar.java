package r1j.engine.constrain;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * A character-level pushdown recogniser for JSON that matches a {@link JsonSchema}. States are immutable, so a
 * candidate token's text can be tried from the current state without copying or undoing anything; the token trie
 * walk in {@link JsonSchemaConstraint} relies on that.
 *
 * <p>Every value is bounded (strings by {@link Limits#maxStringChars}, numbers by {@link Limits#maxDigits}, arrays
 * by {@code maxItems}, whitespace runs by {@link Limits#maxWhitespace}) so that a model cannot wander forever and the
 * output always closes within a known length ({@link #maxLength}).
 */
final class JsonGrammar {

    /** Bounds that keep every accepted document finite. */
    record Limits(int maxStringChars, int maxDigits, int maxWhitespace) {
        static final Limits DEFAULT = new Limits(64, 15, 4);
    }

    /** A parser state: a stack of matchers, the innermost on top. {@link #EMPTY} is "the document is complete". */
    record State(Matcher top, State rest) {
        static final State EMPTY = new State(null, null);

        boolean isComplete() {
            return top == null;
        }

        State push(Matcher m) {
            return new State(m, this);
        }
    }

    private JsonGrammar() {}

    static State start(JsonSchema schema, Limits limits) {
        return State.EMPTY.push(value(schema, limits));
    }

    /** The state after {@code c}, or null when {@code c} cannot come next. */
    static State feed(State state, char c) {
        State s = state;
        while (true) {
            if (s.isComplete()) return null;
            Step step = s.top().feed(c);
            switch (step) {
                case Step.Reject r -> {
                    return null;
                }
                case Step.Stay stay -> {
                    return new State(stay.next(), s.rest());
                }
                case Step.Done d -> {
                    return s.rest();
                }
                case Step.DoneBefore d -> s = s.rest();
                case Step.Become b -> s = new State(b.next(), s.rest());
                case Step.Call call -> s = new State(call.child(), new State(call.returnTo(), s.rest()));
            }
        }
    }

    static State feed(State state, CharSequence text) {
        State s = state;
        for (int i = 0; i < text.length() && s != null; i++) s = feed(s, text.charAt(i));
        return s;
    }

    /** Longest document (in characters) the schema can produce under {@code limits}. */
    static long maxLength(JsonSchema schema, Limits limits) {
        long ws = limits.maxWhitespace();
        long base = switch (schema) {
            case JsonSchema.StringSchema s -> limits.maxStringChars() + 2L;
            case JsonSchema.NumberSchema n -> limits.maxDigits() * 2L + 4;
            case JsonSchema.BooleanSchema b -> 5;
            case JsonSchema.EnumSchema e -> e.values().stream().mapToLong(v -> escapedBody(v).length() + 2L).max().orElse(2);
            case JsonSchema.ArraySchema a -> 2 + ws + a.maxItems() * (maxLength(a.items(), limits) + 1 + 2 * ws);
            case JsonSchema.ObjectSchema o -> {
                long total = 2 + ws;
                for (JsonSchema.Property p : o.properties()) {
                    total += p.name().length() + 2 + 2 + 4 * ws + maxLength(p.schema(), limits);
                }
                yield total;
            }
        };
        return schema.nullable() ? Math.max(base, 4) : base;
    }

    /** What one matcher does with one character. */
    sealed interface Step {
        record Reject() implements Step {}

        /** Consumed; this matcher continues as {@code next}. */
        record Stay(Matcher next) implements Step {}

        /** Consumed, and this value is finished. */
        record Done() implements Step {}

        /** This value ended just before the character, which belongs to the enclosing matcher. */
        record DoneBefore() implements Step {}

        /** Not consumed: {@code next} replaces this matcher and gets the character. */
        record Become(Matcher next) implements Step {}

        /** Not consumed: {@code child} starts with the character; when it is done, {@code returnTo} continues. */
        record Call(Matcher child, Matcher returnTo) implements Step {}

        Step REJECT = new Reject();
        Step DONE = new Done();
        Step DONE_BEFORE = new DoneBefore();
    }

    interface Matcher {
        Step feed(char c);
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    static String escapedBody(String value) {
        String quoted = TextNode.valueOf(value).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    /** The matcher for a value of {@code schema}, before its first character. */
    static Matcher value(JsonSchema schema, Limits limits) {
        return c -> {
            if (schema.nullable() && c == 'n') return new Step.Become(new Literal("null", 0));
            Matcher m = switch (schema) {
                case JsonSchema.StringSchema s -> new StringValue(limits, -1, 0);
                case JsonSchema.NumberSchema n -> new NumberValue(n.integer(), limits, NumberPhase.START, 0);
                case JsonSchema.BooleanSchema b -> c == 't' ? new Literal("true", 0) : new Literal("false", 0);
                case JsonSchema.EnumSchema e -> new EnumValue(e.values().stream().map(JsonGrammar::escapedBody).toList(), null);
                case JsonSchema.ArraySchema a -> new ArrayValue(a, limits, ArrayPhase.START, 0, 0);
                case JsonSchema.ObjectSchema o -> new ObjectValue(o, limits, ObjectPhase.START, -1, "", 0);
            };
            return new Step.Become(m);
        };
    }

    record Literal(String text, int pos) implements Matcher {
        public Step feed(char c) {
            if (c != text.charAt(pos)) return Step.REJECT;
            return pos + 1 == text.length() ? Step.DONE : new Step.Stay(new Literal(text, pos + 1));
        }
    }

    /**
     * @param length characters inside the quotes so far, -1 before the opening quote
     * @param escape 0 outside an escape; 1 after a backslash; 2..5 inside {@code \\uXXXX} (hex digits seen + 2)
     */
    record StringValue(Limits limits, int length, int escape) implements Matcher {
        public Step feed(char c) {
            if (length < 0) return c == '"' ? new Step.Stay(new StringValue(limits, 0, 0)) : Step.REJECT;
            if (escape == 1) {
                if (c == 'u') return new Step.Stay(new StringValue(limits, length + 1, 2));
                return "\"\\/bfnrt".indexOf(c) >= 0 ? new Step.Stay(new StringValue(limits, length + 1, 0)) : Step.REJECT;
            }
            if (escape >= 2) {
                if (Character.digit(c, 16) < 0) return Step.REJECT;
                return new Step.Stay(new StringValue(limits, length + 1, escape == 5 ? 0 : escape + 1));
            }
            if (c == '"') return Step.DONE;
            // A full string can only close; an escape must fit entirely (6 characters at most).
            if (c < 0x20 || length >= limits.maxStringChars()) return Step.REJECT;
            if (c == '\\') {
                return length + 6 <= limits.maxStringChars() ? new Step.Stay(new StringValue(limits, length + 1, 1)) : Step.REJECT;
            }
            return new Step.Stay(new StringValue(limits, length + 1, 0));
        }
    }

    /** @param prefix the escaped characters inside the quotes so far; null before the opening quote */
    record EnumValue(List<String> escapedValues, String prefix) implements Matcher {
        public Step feed(char c) {
            if (prefix == null) return c == '"' ? new Step.Stay(new EnumValue(escapedValues, "")) : Step.REJECT;
            if (c == '"' && escapedValues.contains(prefix)) return Step.DONE;
            String next = prefix + c;
            for (String v : escapedValues) {
                if (v.startsWith(next)) return new Step.Stay(new EnumValue(escapedValues, next));
            }
            return Step.REJECT;
        }
    }

    enum NumberPhase { START, MINUS, ZERO, INT, DOT, FRACTION, EXP, EXP_SIGN, EXP_DIGITS }

    /** JSON's number grammar {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, digits capped. */
    record NumberValue(boolean integer, Limits limits, NumberPhase phase, int digits) implements Matcher {
        public Step feed(char c) {
            boolean digit = c >= '0' && c <= '9';
            boolean room = digits < limits.maxDigits();
            return switch (phase) {
                case START -> c == '-' ? stay(NumberPhase.MINUS, 0) : firstDigit(c);
                case MINUS -> firstDigit(c);
                case ZERO -> afterInteger(c);
                case INT -> digit && room ? stay(NumberPhase.INT, digits + 1) : afterInteger(c);
                case DOT -> digit && room ? stay(NumberPhase.FRACTION, digits + 1) : Step.REJECT;
                case FRACTION -> digit && room ? stay(NumberPhase.FRACTION, digits + 1) : exponentOrEnd(c);
                case EXP -> (c == '+' || c == '-') ? stay(NumberPhase.EXP_SIGN, digits) : expDigit(c, 0);
                case EXP_SIGN -> expDigit(c, 0);
                case EXP_DIGITS -> expDigit(c, digits);
            };
        }

        private Step firstDigit(char c) {
            if (c == '0') return stay(NumberPhase.ZERO, 1);
            return c >= '1' && c <= '9' ? stay(NumberPhase.INT, 1) : Step.REJECT;
        }

        private Step afterInteger(char c) {
            if (c == '.' && !integer && digits < limits.maxDigits()) return stay(NumberPhase.DOT, digits);
            return exponentOrEnd(c);
        }

        private Step exponentOrEnd(char c) {
            if ((c == 'e' || c == 'E') && !integer) return stay(NumberPhase.EXP, 0);
            return Step.DONE_BEFORE;
        }

        /** In the exponent {@code digits} counts exponent digits only: two are plenty. */
        private Step expDigit(char c, int seen) {
            if (c >= '0' && c <= '9' && seen < 2) return stay(NumberPhase.EXP_DIGITS, seen + 1);
            return phase == NumberPhase.EXP_DIGITS ? Step.DONE_BEFORE : Step.REJECT;
        }

        private Step stay(NumberPhase next, int d) {
            return new Step.Stay(new NumberValue(integer, limits, next, d));
        }
    }

    enum ArrayPhase { START, AFTER_OPEN, AFTER_ITEM, AFTER_COMMA }

    record ArrayValue(JsonSchema.ArraySchema schema, Limits limits, ArrayPhase phase, int items, int ws) implements Matcher {
        public Step feed(char c) {
            if (phase == ArrayPhase.START) return c == '[' ? with(ArrayPhase.AFTER_OPEN, 0) : Step.REJECT;
            if (isWhitespace(c)) return ws < limits.maxWhitespace() ? new Step.Stay(new ArrayValue(schema, limits, phase, items, ws + 1)) : Step.REJECT;
            return switch (phase) {
                case AFTER_OPEN -> c == ']' ? Step.DONE : item(c);
                case AFTER_COMMA -> item(c);
                case AFTER_ITEM -> {
                    if (c == ']') yield Step.DONE;
                    yield c == ',' && items < schema.maxItems() ? with(ArrayPhase.AFTER_COMMA, items) : Step.REJECT;
                }
                case START -> Step.REJECT;
            };
        }

        private Step item(char c) {
            if (items >= schema.maxItems()) return Step.REJECT;
            return new Step.Call(value(schema.items(), limits), new ArrayValue(schema, limits, ArrayPhase.AFTER_ITEM, items + 1, 0));
        }

        private Step with(ArrayPhase next, int count) {
            return new Step.Stay(new ArrayValue(schema, limits, next, count, 0));
        }
    }

    enum ObjectPhase { START, AFTER_OPEN, AFTER_COMMA, KEY, AFTER_KEY, AFTER_COLON, AFTER_VALUE }

    /**
     * Properties come in declaration order; an optional one may be skipped, a required one may not.
     *
     * @param last index of the last property written (-1 before any)
     * @param key  the key characters typed so far (phase KEY)
     */
    record ObjectValue(JsonSchema.ObjectSchema schema, Limits limits, ObjectPhase phase, int last, String key, int ws)
            implements Matcher {
        public Step feed(char c) {
            if (phase == ObjectPhase.START) return c == '{' ? to(ObjectPhase.AFTER_OPEN, last, "") : Step.REJECT;
            if (phase == ObjectPhase.KEY) return keyChar(c);
            if (isWhitespace(c)) {
                return ws < limits.maxWhitespace() ? new Step.Stay(new ObjectValue(schema, limits, phase, last, key, ws + 1)) : Step.REJECT;
            }
            return switch (phase) {
                case AFTER_OPEN -> c == '}' ? close() : c == '"' && canAddProperty() ? to(ObjectPhase.KEY, last, "") : Step.REJECT;
                case AFTER_COMMA -> c == '"' ? to(ObjectPhase.KEY, last, "") : Step.REJECT;
                case AFTER_KEY -> c == ':' ? to(ObjectPhase.AFTER_COLON, last, "") : Step.REJECT;
                case AFTER_COLON -> new Step.Call(value(schema.properties().get(last).schema(), limits),
                        new ObjectValue(schema, limits, ObjectPhase.AFTER_VALUE, last, "", 0));
                case AFTER_VALUE -> {
                    if (c == '}') yield close();
                    yield c == ',' && canAddProperty() ? to(ObjectPhase.AFTER_COMMA, last, "") : Step.REJECT;
                }
                case START, KEY -> Step.REJECT;
            };
        }

        private Step keyChar(char c) {
            List<JsonSchema.Property> props = schema.properties();
            if (c == '"') {
                for (int i = last + 1; i < props.size(); i++) {
                    if (props.get(i).name().equals(key)) return to(ObjectPhase.AFTER_KEY, i, "");
                    if (props.get(i).required()) break;
                }
                return Step.REJECT;
            }
            String next = key + c;
            for (int i = last + 1; i < props.size(); i++) {
                if (props.get(i).name().startsWith(next)) return new Step.Stay(new ObjectValue(schema, limits, ObjectPhase.KEY, last, next, 0));
                if (props.get(i).required()) break;
            }
            return Step.REJECT;
        }

        private boolean canAddProperty() {
            return last + 1 < schema.properties().size();
        }

        /** Closing is allowed once no required property is left. */
        private Step close() {
            for (int i = last + 1; i < schema.properties().size(); i++) {
                if (schema.properties().get(i).required()) return Step.REJECT;
            }
            return Step.DONE;
        }

        private Step to(ObjectPhase next, int index, String k) {
            return new Step.Stay(new ObjectValue(schema, limits, next, index, k, 0));
        }
    }
}
