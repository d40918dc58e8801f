package r1j.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where jinja2 differs from a naive reading: the select/map family on a falsy input, and markupsafe's {@code Markup}
 * (what {@code |safe} and {@code |escape} return), which escapes plain strings combined with it even with autoescape
 * off. Every expected string is what Python jinja2 3.1.6 with markupsafe 3.0.3 renders with Hugging Face's settings.
 */
class JinjaMarkupTest {

    private static Arguments row(String behaviour, String template, String expected) {
        return Arguments.of(behaviour, template, expected);
    }

    static Stream<Arguments> renders() {
        return Stream.of(
            row("select, reject, selectattr, rejectattr and map of none are empty",
                    "{{ none_var|select|list }}|{{ none_var|reject|list }}|{{ none_var|selectattr(\"a\")|list }}|{{ none_var|rejectattr(\"a\")|list }}|{{ none_var|map(attribute=\"a\")|list }}|{{ none_var|map(\"upper\")|list }}",
                    "[]|[]|[]|[]|[]|[]"),
            row("and of undefined and of any falsy value",
                    "{{ missing|select|list }}{{ missing|selectattr(\"a\")|list }}{{ missing|map(\"upper\")|list }}{{ \"\"|select|list }}{{ 0|reject|list }}{{ false|map(\"upper\")|list }}",
                    "[][][][][][]"),
            row("before their arguments are looked at",
                    "{{ none_var|selectattr|list }}{{ none_var|map|list }}",
                    "[][]"),
            row("so a loop over them runs zero times",
                    "{% for m in none_var|selectattr(\"role\", \"equalto\", \"tool\") %}x{% endfor %}{{ (none_var|rejectattr(\"a\")|list)|length }}",
                    "0"),
            row("a none attribute is still tested normally",
                    "{{ items|selectattr(\"b\", \"none\")|map(attribute=\"a\")|list }}",
                    "[1]"),
            row("Markup + str escapes the plain side, str + Markup too, Markup + Markup does not",
                    "{{ (\"<\"|safe) + \"<\" }}|{{ \"<\" + (\"<\"|safe) }}|{{ (\"<\"|safe) + (\"&\"|safe) + \"&\" }}",
                    "<&lt;|&lt;<|<&&amp;"),
            row("tilde is jinja2's str_join: plain text, nothing escaped",
                    "{{ (\"<\"|safe) ~ \"<\" }}|{{ \"<\" ~ (\"<\"|safe) }}|{{ ((\"<\"|safe) ~ \"x\") + \"<\" }}",
                    "<<|<<|<x<"),
            row("string keeps Markup, escape of Markup is a no-op and escape of str escapes once",
                    "{{ (\"<\"|safe)|string + \"<\" }}|{{ (\"<\"|safe)|e + \"<\" }}|{{ (\"<\"|safe)|escape }}|{{ \"<\"|e|e }}|{{ (\"&lt;\"|safe)|e }}",
                    "<&lt;|<&lt;|<|&lt;|&lt;"),
            row("forceescape escapes even Markup; safe of Markup is Markup; safe of none or a number is its str",
                    "{{ \"<\"|forceescape }}|{{ (\"<\"|safe)|forceescape }}|{{ (\"<\"|safe)|safe + \"<\" }}|{{ none_var|safe + \"<\" }}|{{ 5|safe + \"<\" }}",
                    "&lt;|&lt;|<&lt;|None&lt;|5&lt;"),
            row("Markup repeated stays Markup",
                    "{{ (\"<\"|safe) * 2 + \"<\" }}|{{ 2 * (\"<\"|safe) + \"<\" }}",
                    "<<&lt;|<<&lt;"),
            row("Markup % args escapes each plain argument (%s of its str, %r of its repr); str % Markup is plain; |format of Markup escapes",
                    "{{ (\"<%s\"|safe) % \"<\" }}|{{ (\"x %s %s\"|safe) % (\"<\", \"<\"|safe) }}|{{ (\"x %d %r\"|safe) % (5, \"<\") }}|{{ \"%s\"|format(\"<\"|safe) }}|{{ (\"<%s\"|safe)|format(\"&\") }}",
                    "<&lt;|x &lt; <|x 5 &#39;&lt;&#39;|<|<&amp;"),
            row("Markup.format escapes plain fields, str.format does not",
                    "{{ (\"<{}\"|safe).format(\"<\") }}|{{ (\"x {a}\"|safe).format(a=\"<\") }}|{{ \"x {}\".format(\"<\"|safe) }}|{{ (\"{}\"|safe).format(\"<\"|safe) }}",
                    "<&lt;|x &lt;|x <|<"),
            row("Markup.replace and Markup.join escape what they take in; the replace and join filters give plain text",
                    "{{ (\"a<b\"|safe).replace(\"<\", \"&\") }}|{{ (\"<a>\"|safe)|replace(\"a\", \"<\") + \"<\" }}|{{ (\"&\"|safe).join([\"<\", \"<\"|safe]) + \"<\" }}|{{ [\"<\"|safe, \"<\"]|join(\"\") + \"<\" }}",
                    "a&amp;b|<<><|&lt;&<&lt;|<<<"),
            row("upper, lower, trim and capitalize keep Markup (method or filter); the title filter gives plain text",
                    "{{ (\"<a>\"|safe).upper() + \"<\" }}|{{ (\"<a>\"|safe)|upper + \"<\" }}|{{ (\"<A>\"|safe)|lower + \"<\" }}|{{ (\" <a> \"|safe)|trim + \"<\" }}|{{ (\"<a b>\"|safe)|capitalize + \"<\" }}|{{ (\"<a b>\"|safe)|title + \"<\" }}",
                    "<A>&lt;|<A>&lt;|<a>&lt;|<a>&lt;|<a b>&lt;|<A B><"),
            row("indexing, slicing and reverse keep Markup; first and last of a string give plain characters",
                    "{{ (\"<a>\"|safe)[0] + \"<\" }}|{{ (\"<a b>\"|safe)[1:3] + \"<\" }}|{{ (\"ab\"|safe)|reverse + \"<\" }}|{{ (\"<a b>\"|safe)|first + \"<\" }}|{{ (\"<a b>\"|safe)|last + \"<\" }}",
                    "<&lt;|a &lt;|ba&lt;|<<|>&lt;"),
            row("split, splitlines and partition give Markup parts",
                    "{{ ((\"<a b>\"|safe).split(\" \"))[0] + \"<\" }}|{{ ((\"<a\\nb>\"|safe).splitlines())[1] + \"<\" }}|{{ ((\"<a b>\"|safe).partition(\" \"))[2] + \"<\" }}|{{ (\"<a>\"|safe).split() }}",
                    "<a&lt;|b>&lt;|b>&lt;|[Markup('<a>')]"),
            row("strip, removesuffix, zfill and center keep Markup",
                    "{{ (\"<a b>\"|safe).strip(\"<\") + \"<\" }}|{{ (\"<a>\"|safe).removesuffix(\">\") + \"<\" }}|{{ (\"<a>\"|safe).zfill(5) + \"<\" }}|{{ (\"<a>\"|safe)|center(9) + \"<\" }}",
                    "a b>&lt;|<a&lt;|00<a>&lt;|   <a>   &lt;"),
            row("indent keeps Markup; a shortened Markup gets its end escaped",
                    "{{ (\"<a\\nb>\"|safe)|indent(2) + \"<\" }}|{{ (\"<a b c d e f g h>\"|safe)|truncate(9, end=\"&\") }}|{{ (\"<a b>\"|safe)|truncate(3) + \"<\" }}",
                    "<a\n  b>&lt;|<a b c&amp;|<a b>&lt;"),
            row("repr of Markup, in containers and by pprint; list of Markup gives plain characters",
                    "{{ [\"<\"|safe] }}|{{ {\"k\": \"<\"|safe} }}|{{ (\"<\"|safe)|pprint }}|{{ (\"<\"|safe)|list }}",
                    "[Markup('<')]|{'k': Markup('<')}|Markup('<')|['<']"),
            row("Markup equals, contains, measures and keys like the plain str; is escaped tells it apart",
                    "{{ (\"<\"|safe) == \"<\" }}|{{ (\"<\"|safe) in \"<<\" }}|{{ (\"<\"|safe)|length }}|{{ (\"x\"|safe) is string }}|{{ (\"<\"|safe) is escaped }}|{{ \"<\" is escaped }}|{{ {\"<\": 1}[\"<\"|safe] }}",
                    "True|True|1|True|True|False|1"),
            row("Markup survives set; macro and set-block output is plain with autoescape off; default passes it through",
                    "{% set x = \"<\"|safe %}{% set x = x + \"&\" %}{{ x }}|{% macro m() %}<{% endmacro %}{{ m() + \"<\" }}|{% set c %}<{% endset %}{{ c + \"<\" }}|{{ (\"<\"|safe)|default(\"x\") + \"<\" }}",
                    "<&amp;|<<|<<|<&lt;"),
            row("filters that pass items through keep Markup",
                    "{{ [\"<\", \"<\"|safe]|map(\"e\")|join }}|{{ [(\"<\"|safe)]|unique|first + \"<\" }}|{{ [\"<\"|safe, \"&\"]|sort|first + \"<\" }}",
                    "&lt;<|<&lt;|&<"));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
            Arguments.of("Markup + int is a TypeError", "{{ (\"<\"|safe) + 1 }}", "unsupported operand type(s) for +: 'Markup' and 'int'"),
            Arguments.of("Markup + none is a TypeError", "{{ (\"<\"|safe) + none_var }}", "unsupported operand type(s) for +: 'Markup' and 'NoneType'"),
            Arguments.of("Markup.center escapes its fill, which must then still be one character", "{{ (\"<a>\"|safe).center(7, \"&\") }}", "The fill character must be exactly one character long"));
    }

    private static String render(String template) {
        Map<String, Object> context = new HashMap<>();
        context.put("none_var", null);
        Map<String, Object> withNone = new HashMap<>();
        withNone.put("a", 1);
        withNone.put("b", null);
        context.put("items", List.of(withNone, Map.of("a", 0)));
        return ChatTemplate.compile(template).render(context);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void renders_as_jinja2_does(String behaviour, String template, String expected) {
        assertThat(render(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void fails_where_jinja2_fails(String behaviour, String template, String message) {
        assertThatThrownBy(() -> render(template)).isInstanceOf(TemplateException.class).hasMessageContaining(message);
    }
}
