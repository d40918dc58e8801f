package r1j.eval.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerExtractorTest {
    @Test
    void the_last_box_of_the_answer_part_is_taken_with_its_braces_matched() {
        Extraction e = AnswerExtractor.extract("<think>\\boxed{1}</think> so \\boxed{\\frac{1}{\\sqrt{2}}} and text");
        assertThat(e).isEqualTo(new Extraction("\\frac{1}{\\sqrt{2}}", Extraction.Method.BOXED));
        assertThat(e.failed()).isFalse();
    }

    @Test
    void fallbacks_are_marked_as_extraction_failures() {
        Extraction phrase = AnswerExtractor.extract("The answer is 12.");
        assertThat(phrase).isEqualTo(new Extraction("12", Extraction.Method.ANSWER_IS));
        assertThat(phrase.failed()).isTrue();
        assertThat(AnswerExtractor.extract("3 + 4 = 7, then 7 * 2 = 14"))
                .isEqualTo(new Extraction("14", Extraction.Method.LAST_NUMBER));
        assertThat(AnswerExtractor.extract("no idea")).isEqualTo(Extraction.NONE);
    }

    @Test
    void an_unclosed_box_is_skipped_for_an_earlier_closed_one() {
        assertThat(AnswerExtractor.lastBoxed("\\boxed{3} and \\boxed{4")).isEqualTo("3");
    }

    @Test
    void a_reply_cut_inside_its_reasoning_has_no_answer_part() {
        assertThat(AnswerExtractor.answerPart("<think>still thinking \\boxed{2}")).isEmpty();
        assertThat(AnswerExtractor.extract("<think>still thinking \\boxed{2}")).isEqualTo(Extraction.NONE);
    }
}
