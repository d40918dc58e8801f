package r1j.engine.template;

/**
 * markupsafe's {@code Markup} rules, which jinja2 applies even with autoescape off (as Hugging Face renders):
 * {@code |safe} and {@code |escape} turn a value into Markup ({@link Value.Str#markup}), and Markup stays Markup
 * through {@code +}, {@code *}, {@code %}, indexing and the str methods that return a str, escaping on the way every
 * plain str it is combined with. {@code ~} (jinja2's {@code str_join}), {@code |join} and {@code |replace} give plain
 * strings again, and printing shows the text as it is.
 */
final class Markup {
    private Markup() {}

    static Value.Str of(String text) {
        return new Value.Str(text, true);
    }

    /** Text with the flag of {@code like}: what a Markup method returns for a Markup receiver. */
    static Value.Str like(Value.Str like, String text) {
        return new Value.Str(text, like.markup());
    }

    /** markupsafe's {@code escape}: Markup is already safe and stays as it is; anything else is str()'d and escaped. */
    static Value.Str escape(Value v) {
        if (v instanceof Value.Str s && s.markup()) return s;
        return of(escapeText(Py.str(v)));
    }

    /** What {@code |forceescape} does: escapes even Markup. */
    static Value.Str forceEscape(Value v) {
        return of(escapeText(Py.str(v)));
    }

    /** The text of {@link #escape}. */
    static String escaped(Value v) {
        return escape(v).value();
    }

    /** The five characters markupsafe replaces, with its entities. */
    static String escapeText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }

    /** {@code a + b} for two strings: plain when both are plain, else Markup of both sides escaped. */
    static Value.Str concat(Value.Str a, Value.Str b) {
        if (!a.markup() && !b.markup()) return new Value.Str(a.value() + b.value());
        return of(escaped(a) + escaped(b));
    }
}
