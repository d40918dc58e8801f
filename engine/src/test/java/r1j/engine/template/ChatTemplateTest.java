package r1j.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine pieces one at a time. Expected strings in {@link #snippets()} are what Python jinja2 3.1 renders with Hugging
 * Face's settings (trim_blocks, lstrip_blocks, loopcontrols, HF's tojson).
 */
class ChatTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Arguments row(String behaviour, String template, String contextJson, String expected) {
        return Arguments.of(behaviour, template, contextJson, expected);
    }

    static Stream<Arguments> snippets() {
        return Stream.of(
            row("a raw block is verbatim text and keeps the newline after its opening tag", "  {% raw %}\n{{ x }} {% if %}{% endraw %}\nafter", "{}", "\n{{ x }} {% if %}after"),
            row("raw tags honour minus markers", "a {%- raw -%} b {%- endraw -%} c", "{}", "abc"),
            row("trim_blocks eats the newline after a block tag and lstrip_blocks the indent before it", "{% if true %}\n  yes\n{% endif %}\nend", "{}", "  yes\nend"),
            row("lstrip_blocks strips spaces before a tag at the start of the template", "  {% if true %}x{% endif %}  |", "{}", "x  |"),
            row("minus markers strip whitespace on both sides", "a  {%- if true -%}  b  {%- endif -%}  c", "{}", "abc"),
            row("a plus marker keeps the indentation lstrip_blocks would remove", "a\n  {%+ if true %}b{% endif %}", "{}", "a\n  b"),
            row("comments vanish and trim_blocks eats their newline", "{{ 'x' }}\n{# c #}\ny", "{}", "x\ny"),
            row("continue skips an item and break ends the loop", "{% for x in xs %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}", "{\"xs\": [1, 2, 3, 4, 5]}", "13"),
            row("loop exposes index, index0, first, last, length and revindex", "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}|{% endfor %}", "{\"xs\": [\"a\", \"b\"]}", "10TrueFalse22|21FalseTrue21|"),
            row("loop exposes previtem and nextitem, undefined at the ends", "{% for x in xs %}{{ loop.previtem }}-{{ loop.nextitem }};{% endfor %}", "{\"xs\": [1, 2, 3]}", "-2;1-3;2-;"),
            row("a loop filter runs before loop counting", "{% for x in xs if x > 1 %}{{ x }}{{ loop.length }},{% else %}none{% endfor %}", "{\"xs\": [1, 2, 3]}", "22,32,"),
            row("an empty loop renders its else block", "{% for x in [] %}x{% else %}empty{% endfor %}", "{}", "empty"),
            row("a set inside a loop does not leak out of it", "{% set n = 1 %}{% for x in [1,2] %}{% set n = n + x %}{% endfor %}{{ n }}", "{}", "1"),
            row("namespace attributes carry values out of a loop", "{% set ns = namespace(n=1) %}{% for x in [1,2] %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}", "{}", "4"),
            row("tojson uses Python's default separators and keeps non-ASCII", "{{ {'b': 1, 'a': [1, 2.5, none, true, '\u00e9\"']} | tojson }}", "{}", "{\"b\": 1, \"a\": [1, 2.5, null, true, \"\u00e9\\\"\"]}"),
            row("tojson with indent uses newlines and a bare comma", "{{ {'b': 1, 'a': [1, {}]} | tojson(indent=2) }}", "{}", "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    {}\n  ]\n}"),
            row("tojson honours separators and sort_keys", "{{ {'b': 1, 'a': [1]} | tojson(separators=(',', ':'), sort_keys=true) }}", "{}", "{\"a\":[1],\"b\":1}"),
            row("tojson with ensure_ascii escapes non-ASCII", "{{ '\u00e9\\n\\u2028' | tojson(ensure_ascii=true) }}", "{}", "\"\\u00e9\\n\\u2028\""),
            row("tojson writes floats as Python's repr", "{{ [0.1, 1e-05, 1e16, 123456789.0, 2.0, -0.0] | tojson }}", "{}", "[0.1, 1e-05, 1e+16, 123456789.0, 2.0, -0.0]"),
            row("undefined prints empty, is not defined and takes a default", "[{{ missing }}]{{ missing is defined }}{{ d.nokey is defined }}{{ missing | default('dflt') }}", "{\"d\": {}}", "[]FalseFalsedflt"),
            row("split, rsplit and strip follow Python", "{{ 'a,b,,c'.split(',') }}{{ ' a  b '.split() }}{{ 'a-b-c'.rsplit('-', 1) }}{{ 'xxhixx'.strip('x') }}", "{}", "['a', 'b', '', 'c']['a', 'b']['a-b', 'c']hi"),
            row("slices and negative indexes follow Python", "{{ 'hello'[::-1] }}{{ 'hello'[-1] }}{{ [1,2,3,4][1:3] }}{{ [1,2,3][-2:] }}", "{}", "olleho[2, 3][2, 3]"),
            row("arithmetic follows Python and tilde concatenates strings", "{{ 1 / 2 }} {{ 7 // 2 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 'ab' * 2 }} {{ 1 ~ 'x' ~ none }}", "{}", "0.5 3 2 1024 abab 1xNone"),
            row("macros take defaults and keyword arguments", "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ greet('B', punct='?') }}", "{}", "Hi A! Hi B?"),
            row("sort, unique, selectattr and map filters", "{{ [3,1,2]|sort|join(',') }} {{ ['a','B','a']|unique|list }} {{ [{'r':'u'},{'r':'s'}]|selectattr('r','equalto','s')|list|length }} {{ [1,2,3]|map('string')|join }}", "{}", "1,2,3 ['a', 'B'] 1 123"),
            row("indent skips blank lines and the first line unless asked", "{{ 'line1\nline2\n\nline4' | indent(2) }}|{{ 'x' | indent(2, first=true) }}", "{}", "line1\n  line2\n\n  line4|  x"),
            row("dict methods and Python reprs print like Python", "{{ {'a':1,'b':2}.items()|list }} {{ {'a':1}.get('z', 'none') }} {{ none }} {{ true }} {{ [1,'a'] }}", "{}", "[('a', 1), ('b', 2)] none None True [1, 'a']"),
            row("a set block captures its rendered body", "{% set x %}  block {{ 1 }} {% endset %}[{{ x }}][{{ x|trim }}]", "{}", "[  block 1 ][block 1]"),
            row("inline if without else is undefined, membership and tests", "{{ 'x' if false }}|{{ 'y' if false else 'z' }}|{{ not 1 in [1] }}|{{ 2 not in [1] }}|{{ 'ab' is string }}", "{}", "|z|False|True|True"),
            row("format, title and capitalize", "{{ '{} and {}'.format(1, 'b') }} {{ 'Hello World'.title() }} {{ 'hello world'|title }} {{ 'hELLO'|capitalize }}", "{}", "1 and b Hello World Hello World Hello"),
            row("numbers, round, int and float", "{{ 3.0 }} {{ 2.5|round }} {{ 3.14159|round(2) }} {{ '42'|int + 1 }} {{ 'x'|float }}", "{}", "3.0 2.0 3.14 43 0.0")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    @SuppressWarnings("unchecked")
    void renders_like_python_jinja2(String behaviour, String template, String contextJson, String expected)
            throws Exception {
        Map<String, Object> context = JSON.readValue(contextJson, Map.class);
        assertThat(ChatTemplate.compile(template).render(context)).isEqualTo(expected);
    }

    @Test
    void syntax_errors_name_the_line_and_column() {
        assertThatThrownBy(() -> ChatTemplate.compile("line one\n{% if %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("expected an expression")
                .satisfies(e -> {
                    TemplateException t = (TemplateException) e;
                    assertThat(t.line()).isEqualTo(2);
                    assertThat(t.column()).isEqualTo(7);
                    assertThat(t.kind()).isEqualTo(TemplateException.Kind.SYNTAX);
                });
    }

    @Test
    void an_unclosed_block_names_the_missing_end_tag() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% for x in y %}body"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("endfor");
    }

    @Test
    void an_incomplete_expression_is_a_syntax_error() {
        assertThatThrownBy(() -> ChatTemplate.compile("{{ 1 + }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("line 1, column 8");
    }

    @Test
    void an_unknown_tag_is_a_syntax_error() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% include 'x' %}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("unknown tag 'include'");
    }

    @Test
    void raise_exception_fails_the_render_with_the_templates_own_message() {
        ChatTemplate t = ChatTemplate.compile("a{% if x %}{{ raise_exception('Only user and assistant roles!') }}{% endif %}");
        assertThat(t.render(Map.of("x", false))).isEqualTo("a");
        assertThatThrownBy(() -> t.render(Map.of("x", true)))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Only user and assistant roles!")
                .satisfies(e -> assertThat(((TemplateException) e).kind()).isEqualTo(TemplateException.Kind.RAISED));
    }

    @Test
    void an_attribute_of_undefined_fails_with_jinja2s_message_and_position() {
        ChatTemplate t = ChatTemplate.compile("{{ d.a.b }}");
        assertThatThrownBy(() -> t.render(Map.of("d", Map.of())))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("'dict object' has no attribute 'a'")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> ChatTemplate.compile("{{ x.y }}").render(Map.of()))
                .hasMessageContaining("'x' is undefined");
    }

    @Test
    void adding_a_string_to_a_number_is_a_type_error() {
        assertThatThrownBy(() -> ChatTemplate.compile("{{ 'a' + 1 }}").render(Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("unsupported operand type(s) for +: 'str' and 'int'");
    }

    @Test
    void an_unknown_filter_fails_only_when_reached() {
        ChatTemplate t = ChatTemplate.compile("{% if x %}{{ y | from_json }}{% endif %}ok");
        assertThat(t.render(Map.of("x", false))).isEqualTo("ok");
        assertThatThrownBy(() -> t.render(Map.of("x", true, "y", "{}"))).hasMessageContaining("no filter named 'from_json'");
    }

    @Test
    void strftime_now_reads_the_injected_clock() {
        Clock fixed = Clock.fixed(LocalDate.of(2026, 7, 26).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
        ChatTemplate t = ChatTemplate.compile("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%B %-d, %Y (%A)') }}")
                .withClock(fixed);
        assertThat(t.render(Map.of())).isEqualTo("26 Jul 2026|July 26, 2026 (Sunday)");
    }

    @Test
    void generation_blocks_render_their_body() {
        ChatTemplate t = ChatTemplate.compile("{% generation %}{{ 'answer' }}{% endgeneration %}!");
        assertThat(t.render(Map.of())).isEqualTo("answer!");
    }

    @Test
    void list_append_and_pop_mutate_the_list_like_python() {
        ChatTemplate t = ChatTemplate.compile("{% set q = [] %}{% set _ = q.append(1) %}{% set _ = q.append(2) %}"
                + "{{ q.pop(0) }}{{ q }}");
        assertThat(t.render(Map.of())).isEqualTo("1[2]");
    }

    @Test
    void java_context_values_become_python_values() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", null);
        List<Object> numbers = new ArrayList<>(Arrays.asList(1, 2L, 2.5, true));
        ChatTemplate t = ChatTemplate.compile("{{ m.content is none }} {{ m.content }} {{ n }} {{ n | tojson }}");
        assertThat(t.render(Map.of("m", message, "n", numbers))).isEqualTo("True None [1, 2, 2.5, True] [1, 2, 2.5, true]");
    }

    @Test
    void render_chat_omits_null_tools_and_passes_the_generation_flag() {
        ChatTemplate t = ChatTemplate.compile("{{ tools is defined }} {{ add_generation_prompt }} {{ bos_token }}"
                + "{% for m in messages %}{{ m.content }}{% endfor %}");
        String out = t.renderChat(List.of(Map.of("role", "user", "content", "hi")), null, true, Map.of("bos_token", "<s>"));
        assertThat(out).isEqualTo("False True <s>hi");
    }
}
