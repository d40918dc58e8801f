package r1j.engine.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningSplitterTest {

    /** Feeds the pieces one by one and returns {reasoning, content}. */
    private static String[] split(boolean promptOpened, List<String> pieces) {
        ReasoningSplitter s = new ReasoningSplitter(promptOpened);
        StringBuilder r = new StringBuilder();
        StringBuilder c = new StringBuilder();
        for (String p : pieces) {
            ReasoningSplitter.Delta d = s.feed(p);
            r.append(d.reasoning());
            c.append(d.content());
        }
        ReasoningSplitter.Delta d = s.finish();
        r.append(d.reasoning());
        c.append(d.content());
        return new String[] {r.toString(), c.toString()};
    }

    @Test
    void text_before_the_closing_tag_is_reasoning_and_after_it_content() {
        assertThat(split(true, List.of("Let me think.", "</think>", "\n\nThe answer is 4.")))
                .containsExactly("Let me think.", "\n\nThe answer is 4.");
    }

    @Test
    void a_closing_tag_split_across_tokens_never_leaks() {
        assertThat(split(true, List.of("hmm <", "/th", "ink", ">4"))).containsExactly("hmm ", "4");
    }

    @Test
    void a_partial_tag_that_turns_out_to_be_text_is_kept() {
        assertThat(split(true, List.of("a </th", "ought> b"))).containsExactly("a </thought> b", "");
    }

    @Test
    void a_reply_that_never_closes_stays_reasoning() {
        assertThat(split(true, List.of("thinking ", "and thinking", " </thi"))).containsExactly("thinking and thinking </thi", "");
    }

    @Test
    void a_leading_open_tag_written_by_the_model_is_dropped() {
        assertThat(split(false, List.of("<th", "ink>\nstep</think>answer"))).containsExactly("\nstep", "answer");
    }

    @Test
    void without_an_open_tag_everything_is_content() {
        assertThat(split(false, List.of("plain ", "answer"))).containsExactly("", "plain answer");
    }

    @Test
    void the_r1_generation_prompt_opens_reasoning() {
        assertThat(ReasoningSplitter.promptOpensReasoning("<｜User｜>hi<｜Assistant｜><think>\n")).isTrue();
        assertThat(ReasoningSplitter.promptOpensReasoning("<｜User｜>hi<｜Assistant｜>")).isFalse();
        assertThat(ReasoningSplitter.promptOpensReasoning("<think>a</think>b")).isFalse();
    }
}
