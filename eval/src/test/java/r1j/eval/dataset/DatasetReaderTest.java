package r1j.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetReaderTest {
    private static final String MIXED = """
            {"question": "Natalia sold 48 clips in April and half as many in May. How many in all?", "answer": "In May: 48/2 = 24.\\n#### 1,072"}
            {"problem": "What is $\\\\frac{1}{2}+\\\\frac{1}{3}$?", "answer": "\\\\frac{5}{6}", "level": "Level 2", "subject": "Algebra"}

            {"problem": "Find the remainder.", "answer": 33}
            {"prompt": "2+2?", "answer": "4"}
            """;

    @Test
    void each_known_shape_is_read_with_its_reference() {
        Dataset d = DatasetReader.parse("mixed", MIXED.getBytes(StandardCharsets.UTF_8), DatasetReader.OnMalformed.FAIL);
        assertThat(d.questions()).extracting(Question::reference).containsExactly("1072", "\\frac{5}{6}", "33", "4");
        assertThat(d.questions()).extracting(Question::line).containsExactly(1, 2, 4, 5);
        assertThat(d.questions()).extracting(q -> q.attributes().get("format"))
                .containsExactly("gsm8k", "math", "problem", "prompt");
        assertThat(d.questions().get(1).attributes()).containsEntry("level", "Level 2").containsEntry("subject", "Algebra");
        assertThat(d.sha256()).hasSize(64);
    }

    @Test
    void a_malformed_line_is_reported_with_its_number_and_skipped_or_fatal_by_policy() {
        String text = "{\"prompt\": \"1+1?\", \"answer\": \"2\"}\n{\"prompt\": \"oops\"}\nnot json\n{\"prompt\": \"3?\", \"answer\": 3}\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Dataset d = DatasetReader.parse("f.jsonl", bytes, DatasetReader.OnMalformed.SKIP);
        assertThat(d.questions()).hasSize(2);
        assertThat(d.skipped()).extracting(Dataset.MalformedLine::line).isEqualTo(List.of(2, 3));
        assertThat(d.skipped().get(0).reason()).contains("answer");
        assertThatThrownBy(() -> DatasetReader.parse("f.jsonl", bytes, DatasetReader.OnMalformed.FAIL))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("f.jsonl: line 2:");
    }

    @Test
    void the_generator_is_seeded_and_its_answers_are_exact() {
        Dataset a = WordProblemGenerator.fromSpec("gen:arith?n=16&seed=7");
        Dataset b = WordProblemGenerator.fromSpec("gen:arith?seed=7&n=16");
        assertThat(a.questions()).hasSize(16);
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(WordProblemGenerator.fromSpec("gen:arith?n=16&seed=8").sha256()).isNotEqualTo(a.sha256());
        Question equation = a.questions().get(1);
        assertThat(equation.problem()).startsWith("Solve for x: ");
        // Check the stated solution: "Solve for x: ax + b = c." with the answer substituted.
        var m = java.util.regex.Pattern.compile("Solve for x: (-?\\d+)x ([+-]) (\\d+) = (-?\\d+)\\.").matcher(equation.problem());
        assertThat(m.matches()).isTrue();
        long x = Long.parseLong(equation.reference());
        long lhs = Long.parseLong(m.group(1)) * x + (m.group(2).equals("-") ? -1 : 1) * Long.parseLong(m.group(3));
        assertThat(lhs).isEqualTo(Long.parseLong(m.group(4)));
        assertThatThrownBy(() -> WordProblemGenerator.fromSpec("gen:arith?k=3")).hasMessageContaining("unknown");
    }
}
