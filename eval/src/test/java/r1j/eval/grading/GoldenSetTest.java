package r1j.eval.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grader against a golden set of (response, reference, expected verdict) cases written by hand: number spellings,
 * units, LaTeX, tuples and intervals, symbolic equivalence, reasoning that must be ignored, fallbacks, and wrong
 * answers that look right. Every disagreement is listed at once, so a rule change shows all it breaks.
 */
class GoldenSetTest {
    private static Grader grader;

    @BeforeAll
    static void open() {
        grader = new Grader(Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        grader.close();
    }

    @Test
    void every_golden_case_gets_its_expected_verdict() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        int correct = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                GoldenSetTest.class.getResourceAsStream("/grading/golden.jsonl"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode c = json.readTree(line);
                cases++;
                boolean expected = c.get("correct").asBoolean();
                if (expected) correct++;
                Grader.Grade g = grader.grade(c.get("response").asText(), c.get("reference").asText());
                if (g.correct() != expected) {
                    wrong.add(c.get("note").asText() + ": expected " + expected + ", extracted " + g.extraction()
                            + " normalised '" + g.normalized() + "'");
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(200);
        assertThat(correct).isBetween(cases / 3, cases * 3 / 4); // both verdicts well represented
        assertThat(wrong).isEmpty();
    }
}
