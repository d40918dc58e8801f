package r1j.eval.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnswerEquivalenceTest {
    @Test
    void a_symbolic_check_that_overruns_its_limit_is_a_timeout_and_prints_nothing() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (AnswerEquivalence equivalence = new AnswerEquivalence(Duration.ofSeconds(1))) {
            assertThat(equivalence.compare("\\sqrt{8}", "2\\sqrt{2}")).isEqualTo(new AnswerEquivalence.Verdict(true, "symbolic"));
            System.setOut(new PrintStream(printed, true));
            long start = System.nanoTime();
            AnswerEquivalence.Verdict slow = equivalence.compare("(a+b+c+d+e)^{25}", "(a+b+c+d+e)^{24}(a+b+c+d+e+1)");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(slow).isEqualTo(new AnswerEquivalence.Verdict(false, "timeout"));
            assertThat(millis).isLessThan(5_000);
            // The worker is usable again after a time-out.
            assertThat(equivalence.compare("x^2-1", "(x-1)(x+1)").equal()).isTrue();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void tuples_compare_by_element_and_sets_in_any_order() {
        try (AnswerEquivalence equivalence = new AnswerEquivalence(Duration.ofSeconds(2))) {
            assertThat(equivalence.equivalent("(1, \\frac{1}{2})", "(1,0.5)")).isTrue();
            assertThat(equivalence.equivalent("(1,2)", "(2,1)")).isFalse();
            assertThat(equivalence.equivalent("\\{3,1,2\\}", "\\{1,2,3\\}")).isTrue();
            assertThat(equivalence.equivalent("[0,1)", "[0,1]")).isFalse();
        }
    }
}
