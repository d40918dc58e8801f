package r1j.engine.toolcall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallParserTest {
    private static final ToolCallParser R1 = ToolCallParser.of(ToolCallSyntax.DEEPSEEK_R1);
    private static final ToolCallParser HERMES = ToolCallParser.of(ToolCallSyntax.HERMES);
    private static final ToolCallParser BOTH = ToolCallParser.of(ToolCallSyntax.DEEPSEEK_R1, ToolCallSyntax.HERMES);

    private static final String R1_TWO_CALLS = "\n\nLet me look.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function"
            + "<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"北京\"}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>"
            + "function<｜tool▁sep｜>get_time\n```json\n{\"zone\": \"UTC+8\", \"precise\": true}\n```<｜tool▁call▁end｜>"
            + "<｜tool▁calls▁end｜>";

    private static final String HERMES_TWO_CALLS = "Checking.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\":"
            + " {\"city\": \"Paris\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n"
            + "</tool_call>";

    @Test
    void reads_both_calls_of_a_deepseek_r1_block_with_the_arguments_as_written() {
        ToolCallResult r = R1.extract(R1_TWO_CALLS);
        assertThat(r.calls()).containsExactly(
                new ToolCall("get_weather", "{\"city\": \"北京\"}"),
                new ToolCall("get_time", "{\"zone\": \"UTC+8\", \"precise\": true}"));
        assertThat(r.content()).isEqualTo("\n\nLet me look.");
    }

    @Test
    void reads_a_single_r1_call_the_way_the_template_renders_it_without_the_closing_block_tag() {
        // The chat template writes a lone call without <｜tool▁calls▁end｜>; replies that imitate it still count.
        String text = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n"
                + "{\"city\": \"北京\"}\n```<｜tool▁call▁end｜>";
        assertThat(R1.extract(text)).isEqualTo(new ToolCallResult("",
                List.of(new ToolCall("get_weather", "{\"city\": \"北京\"}"))));
    }

    @Test
    void a_call_whose_arguments_do_not_parse_stays_content_while_its_neighbour_is_kept() {
        String bad = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>broken\n```json\n{\"city\": \n```<｜tool▁call▁end｜>";
        String good = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>ok\n```json\n{}\n```<｜tool▁call▁end｜>";
        ToolCallResult r = R1.extract("<｜tool▁calls▁begin｜>" + bad + "\n" + good + "<｜tool▁calls▁end｜> bye");
        assertThat(r.calls()).containsExactly(new ToolCall("ok", "{}"));
        assertThat(r.content()).isEqualTo(bad + " bye");
    }

    @Test
    void an_r1_call_cut_off_before_its_end_tag_is_kept_when_it_reads_and_is_content_when_not() {
        String readable = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{\"a\": 1}\n```";
        assertThat(R1.extract(readable).calls()).containsExactly(new ToolCall("f", "{\"a\": 1}"));
        String cut = "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{\"a\"";
        assertThat(R1.extract(cut)).isEqualTo(new ToolCallResult(
                "<｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{\"a\"", List.of()));
    }

    @Test
    void arguments_that_are_valid_json_but_not_an_object_are_not_a_call() {
        String text = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n[1, 2]\n```<｜tool▁call▁end｜>";
        assertThat(R1.extract(text)).isEqualTo(new ToolCallResult(text, List.of()));
    }

    @Test
    void reads_hermes_calls_and_writes_object_arguments_compactly() {
        ToolCallResult r = HERMES.extract(HERMES_TWO_CALLS);
        assertThat(r.calls()).containsExactly(
                new ToolCall("get_weather", "{\"city\":\"Paris\"}"), new ToolCall("get_time", "{}"));
        assertThat(r.content()).isEqualTo("Checking.\n\n");
    }

    @Test
    void hermes_accepts_arguments_given_as_a_json_string_and_rejects_a_body_without_a_name() {
        assertThat(HERMES.extract("<tool_call>{\"name\": \"f\", \"arguments\": \"{\\\"x\\\": 2}\"}</tool_call>").calls())
                .containsExactly(new ToolCall("f", "{\"x\": 2}"));
        String nameless = "<tool_call>{\"arguments\": {}}</tool_call>";
        assertThat(HERMES.extract(nameless)).isEqualTo(new ToolCallResult(nameless, List.of()));
        String notJson = "<tool_call>{name: f}</tool_call>";
        assertThat(HERMES.extract(notJson)).isEqualTo(new ToolCallResult(notJson, List.of()));
    }

    @Test
    void text_without_calls_and_half_tags_at_the_end_stay_content_when_the_reply_ends() {
        assertThat(BOTH.extract("It is 4. <tool_ca")).isEqualTo(new ToolCallResult("It is 4. <tool_ca", List.of()));
        assertThat(BOTH.extract("a < b")).isEqualTo(new ToolCallResult("a < b", List.of()));
    }

    @Test
    void one_parser_reads_both_syntaxes_in_one_reply() {
        ToolCallResult r = BOTH.extract(R1_TWO_CALLS + "\n" + HERMES_TWO_CALLS);
        assertThat(r.calls()).extracting(ToolCall::name).containsExactly("get_weather", "get_time", "get_weather",
                "get_time");
    }

    @Test
    void streaming_never_shows_a_half_tag_and_passes_a_call_on_whole_when_it_closes() {
        ToolCallStream s = HERMES.stream();
        assertThat(s.feed("Checking.<tool")).isEqualTo(new ToolCallStream.Delta("Checking.", List.of()));
        assertThat(s.feed("_call>{\"name\": \"f\", ")).isEqualTo(new ToolCallStream.Delta("", List.of()));
        assertThat(s.feed("\"arguments\": {}}</tool_call>")).isEqualTo(
                new ToolCallStream.Delta("", List.of(new ToolCall("f", "{}"))));
        assertThat(s.feed(" done")).isEqualTo(new ToolCallStream.Delta(" done", List.of()));
        assertThat(s.finish().isEmpty()).isTrue();
    }

    @Test
    void streaming_split_at_every_boundary_gives_what_the_whole_text_gives() {
        List<String> texts = List.of(R1_TWO_CALLS, HERMES_TWO_CALLS, R1_TWO_CALLS + " tail <x> " + HERMES_TWO_CALLS,
                "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{\"a\"",
                "<tool_call>{\"name\": \"f\"", "plain text < not a tag <tool_ca", "<｜tool▁calls▁begin｜> stray <b>"
                        + "<｜tool▁call▁begin｜>function<｜tool▁sep｜>g\n```json\n{}\n```<｜tool▁call▁end｜>\n  ");
        for (String text : texts) {
            ToolCallResult whole = BOTH.extract(text);
            for (int cut = 0; cut <= text.length(); cut++) {
                assertThat(streamed(BOTH, List.of(text.substring(0, cut), text.substring(cut))))
                        .as("split at %d of %s", cut, text).isEqualTo(whole);
            }
            List<String> chars = new ArrayList<>();
            text.codePoints().forEach(cp -> chars.add(Character.toString(cp)));
            assertThat(streamed(BOTH, chars)).as("char by char: %s", text).isEqualTo(whole);
        }
    }

    private static ToolCallResult streamed(ToolCallParser parser, List<String> pieces) {
        ToolCallStream s = parser.stream();
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (String p : pieces) {
            ToolCallStream.Delta d = s.feed(p);
            content.append(d.content());
            calls.addAll(d.calls());
        }
        ToolCallStream.Delta d = s.finish();
        content.append(d.content());
        calls.addAll(d.calls());
        return new ToolCallResult(content.toString(), calls);
    }
}
